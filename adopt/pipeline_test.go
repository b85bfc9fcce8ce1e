package adopt

import (
	"strings"
	"testing"
)

func TestPipelineBlock(t *testing.T) {
	p := Pipeline{Name: "folder", ConnectionARN: "arn:aws:codestarconnections:us-east-1:111111111111:connection/c1", Manifest: []byte(`
name: release
source:
  provider: Bitbucket
  properties:
    repository: https://bitbucket.org/org/repo
    branch: trunk
build:
  image: aws/codebuild/standard:7.0
  buildspec: copilot/pipelines/release/buildspec.yml
stages:
  - name: test
    requires_approval: true
    pre_deployments:
      migrate: {}
`)}
	b, unsupported, err := pipelineBlock(p)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	b.write(&sb, "")
	for _, want := range []string{`pipeline "release" {`, `provider = "Bitbucket"`, `branch = "trunk"`,
		`connection_arn = "` + p.ConnectionARN + `"`, `image = "aws/codebuild/standard:7.0"`, `stage "test" {`, `requires_approval = true`} {
		if !strings.Contains(sb.String(), want) {
			t.Errorf("block lacks %s:\n%s", want, sb.String())
		}
	}
	var where []string
	for _, u := range unsupported {
		where = append(where, u.Where)
	}
	if got, want := strings.Join(where, "; "), "pipeline release: build.buildspec; pipeline release: stages[0].pre_deployments"; got != want {
		t.Errorf("unsupported = %s, want %s", got, want)
	}
	if _, _, err := pipelineBlock(Pipeline{Name: "bad", Manifest: []byte("stages: [")}); err == nil || !strings.Contains(err.Error(), "the manifest of pipeline bad") {
		t.Errorf("err = %v, want the manifest of pipeline bad", err)
	}
}
