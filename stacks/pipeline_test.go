package stacks

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/schema"
)

// pipelineDoc compiles cfg and decodes the template of pipeline name.
func pipelineDoc(t *testing.T, cfg *schema.Config, name string) map[string]any {
	t.Helper()
	return tmpl(t, compile(t, cfg), addr.Pipeline(name))
}

// stageActions lists "stage/action" in order.
func stageActions(t *testing.T, doc map[string]any) []string {
	t.Helper()
	var out []string
	for _, s := range at(t, doc, "Resources", "Pipeline", "Properties", "Stages").([]any) {
		st := s.(map[string]any)
		for _, a := range st["Actions"].([]any) {
			out = append(out, st["Name"].(string)+"/"+a.(map[string]any)["Name"].(string))
		}
	}
	return out
}

func TestPipelineStages(t *testing.T) {
	doc := pipelineDoc(t, referenceConfig(), "release")
	want := []string{"Source/Source", "Build/BuildX86", "Deploy-stage/Deploy", "Deploy-stage/Test", "Deploy-production/Approve", "Deploy-production/Deploy"}
	if diff := cmp.Diff(want, stageActions(t, doc)); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	// Approval only where the stage requires it.
	develop := pipelineDoc(t, referenceConfig(), "develop")
	for _, a := range stageActions(t, develop) {
		if strings.HasSuffix(a, "/Approve") {
			t.Errorf("approval in a stage without requires_approval: %s", a)
		}
	}
	spec := at(t, doc, "Resources", "TestStageProject", "Properties", "Source", "BuildSpec").(string)
	if !strings.Contains(spec, `- "make e2e"`) {
		t.Errorf("test buildspec:\n%s", spec)
	}
}

func TestPipelineBuildPlatform(t *testing.T) {
	tests := map[string]struct {
		platforms []string
		want      map[string][2]string // project → image, type
	}{
		"x86":   {[]string{schema.PlatformAMD64}, map[string][2]string{"BuildX86Project": {codeBuildX86Image, "LINUX_CONTAINER"}}},
		"arm64": {[]string{schema.PlatformARM64}, map[string][2]string{"BuildArm64Project": {codeBuildARMImage, "ARM_CONTAINER"}}},
		"both": {[]string{schema.PlatformAMD64, schema.PlatformARM64}, map[string][2]string{
			"BuildX86Project": {codeBuildX86Image, "LINUX_CONTAINER"}, "BuildArm64Project": {codeBuildARMImage, "ARM_CONTAINER"},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := referenceConfig()
			cfg.Images = nil
			for i, p := range tc.platforms {
				cfg.Images = append(cfg.Images, &schema.Image{Name: "img" + string(rune('a'+i)), Build: &schema.Build{Context: "."}, Platform: p})
			}
			doc := pipelineDoc(t, cfg, "develop")
			got := map[string][2]string{}
			for id, r := range resources(t, doc) {
				rm := r.(map[string]any)
				if rm["Type"] != "AWS::CodeBuild::Project" || !strings.HasPrefix(id, "Build") {
					continue
				}
				env := rm["Properties"].(map[string]any)["Environment"].(map[string]any)
				got[id] = [2]string{env["Image"].(string), env["Type"].(string)}
				if env["PrivilegedMode"] != true {
					t.Errorf("%s is not privileged (docker builds need it)", id)
				}
				spec := rm["Properties"].(map[string]any)["Source"].(map[string]any)["BuildSpec"].(string)
				if !strings.Contains(spec, "--platform "+map[string]string{"BuildX86Project": "linux/amd64", "BuildArm64Project": "linux/arm64"}[id]) {
					t.Errorf("%s builds another platform:\n%s", id, spec)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("build projects (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPipelineSource(t *testing.T) {
	cfg := referenceConfig()
	cfg.Pipelines[0].Source.ConnectionARN = "arn:aws:codestar-connections:ap-northeast-1:111111111111:connection/x"
	doc := pipelineDoc(t, cfg, "develop")
	if hasResource(t, doc, "SourceConnection") {
		t.Error("a connection is created although connection_arn is given")
	}
	src := at(t, doc, "Resources", "Pipeline", "Properties", "Stages", "0", "Actions", "0", "Configuration").(map[string]any)
	if src["ConnectionArn"] != cfg.Pipelines[0].Source.ConnectionARN || src["FullRepositoryId"] != "example/copilot-test" {
		t.Errorf("source configuration %v", src)
	}
	created := pipelineDoc(t, referenceConfig(), "develop")
	if got := at(t, created, "Resources", "SourceConnection", "Properties", "ProviderType"); got != "GitHub" {
		t.Errorf("ProviderType %v", got)
	}
}

func TestPipelineCodeCommit(t *testing.T) {
	cfg := referenceConfig()
	cfg.Pipelines[0].Source = schema.Source{Provider: "CodeCommit", Repository: "copilot-test", Branch: "main", ConnectionARN: "arn:x"}
	d := compile(t, cfg)
	doc := tmpl(t, d, addr.Pipeline("develop"))
	if hasResource(t, doc, "SourceConnection") {
		t.Error("a CodeStar connection for CodeCommit")
	}
	if got := at(t, doc, "Resources", "Pipeline", "Properties", "Stages", "0", "Actions", "0", "ActionTypeId", "Provider"); got != "CodeCommit" {
		t.Errorf("provider %v", got)
	}
	if !hasResource(t, doc, "SourceEventRule") {
		t.Error("no trigger on push")
	}
	want := "pipeline/develop: connection_arn is not used with a CodeCommit source"
	if !contains(summaries(d.Warnings), want) {
		t.Errorf("Warnings lack %q: %v", want, d.Warnings)
	}
}

func TestPipelineDeployTargets(t *testing.T) {
	cfg := referenceConfig()
	cfg.Pipelines[1].Stages[0].DependsOn = []string{"daily-batch"}
	doc := pipelineDoc(t, cfg, "release")
	vars := at(t, doc, "Resources", "Pipeline", "Properties", "Stages", "2", "Actions", "0", "Configuration", "EnvironmentVariables").(string)
	for _, want := range []string{
		`"name":"FLIGHTPLAN_TARGETS","type":"PLAINTEXT","value":"--target deploy/stage/api --target deploy/stage/daily-batch"`,
		`"name":"FLIGHTPLAN_FIRST_TARGETS","type":"PLAINTEXT","value":"--target deploy/stage/daily-batch"`,
	} {
		if !strings.Contains(vars, want) {
			t.Errorf("deploy variables lack %s:\n%s", want, vars)
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
