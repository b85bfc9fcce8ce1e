package adopt

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// Pipeline is one Copilot pipeline: its name and its manifest
// (copilot/pipelines/{folder}/manifest.yml), whose name field names it.
type Pipeline struct {
	Name     string
	Manifest []byte
	// ConnectionARN is the CodeStar connection Copilot made for it
	// (SourceConnection of its stack), "" for none.
	ConnectionARN string
}

// StackName is the pipeline's name as its stack pipeline-{app}-{name}
// has it: the manifest's name field, else the folder's.
func (p Pipeline) StackName() string {
	var m struct {
		Name string `yaml:"name"`
	}
	if yaml.Unmarshal(p.Manifest, &m) == nil && m.Name != "" {
		return m.Name
	}
	return p.Name
}

// pipelineBlock translates a pipeline manifest: the source (provider,
// repository, branch), the build image, and per stage its approval and
// test commands. What flightplan's pipeline cannot say is listed.
func pipelineBlock(p Pipeline) (*block, []Unsupported, error) {
	m, err := parseManifest(p.Manifest)
	if err != nil {
		return nil, nil, fmt.Errorf("the manifest of pipeline %s: %w", p.Name, err)
	}
	name := p.StackName()
	b := newBlock("pipeline", name)
	var unsupported []Unsupported
	skip := func(field, reason string) {
		b.note("copilot manifest " + field + ": " + reason)
		unsupported = append(unsupported, Unsupported{Where: "pipeline " + name + ": " + field, Reason: reason})
	}
	src, _ := m["source"].(map[string]any)
	props, _ := src["properties"].(map[string]any)
	s := b.child("source")
	s.attr("provider", src["provider"])
	s.attr("repository", props["repository"])
	if br, ok := props["branch"]; ok {
		s.attr("branch", br)
	}
	if arn, ok := props["connection_arn"]; ok {
		s.attr("connection_arn", arn)
	} else if p.ConnectionARN != "" {
		// Copilot's own connection, kept (a new one would wait for its
		// handshake in the console).
		s.attr("connection_arn", p.ConnectionARN)
	}
	if _, ok := props["connection_name"]; ok {
		skip("source.properties.connection_name", "name the connection by its ARN in source.connection_arn")
	}
	if build, ok := m["build"].(map[string]any); ok {
		if img, ok := build["image"]; ok {
			b.child("build").attr("image", img)
		}
		for _, k := range []string{"buildspec", "additional_policy"} {
			if _, ok := build[k]; ok {
				skip("build."+k, "flightplan has no equivalent yet")
			}
		}
	}
	stages, _ := m["stages"].([]any)
	for i, v := range stages {
		unsupported = append(unsupported, stageBlock(b, name, i, v)...)
	}
	return b, unsupported, nil
}

// stageBlock translates one stage.
func stageBlock(b *block, pipeline string, i int, v any) []Unsupported {
	st, _ := v.(map[string]any)
	name, _ := st["name"].(string)
	sb := b.child("stage", name)
	if ra, ok := st["requires_approval"]; ok {
		sb.attr("requires_approval", ra)
	}
	if tc, ok := st["test_commands"]; ok {
		sb.attr("test_commands", tc)
	}
	var out []Unsupported
	var keys []string
	for k := range st {
		if !slices.Contains([]string{"name", "requires_approval", "test_commands", "deployments"}, k) {
			keys = append(keys, k)
		}
	}
	if deps, ok := st["deployments"].(map[string]any); ok && hasDependsOn(deps) {
		keys = append(keys, "deployments.depends_on")
	}
	slices.Sort(keys)
	for _, k := range keys {
		field := fmt.Sprintf("stages[%d].%s", i, k)
		reason := "flightplan has no equivalent yet"
		sb.note("copilot manifest " + field + ": " + reason)
		out = append(out, Unsupported{Where: "pipeline " + pipeline + ": " + field, Reason: reason})
	}
	return out
}

// hasDependsOn reports whether a stage's deployments order themselves.
func hasDependsOn(deps map[string]any) bool {
	for _, d := range deps {
		if m, ok := d.(map[string]any); ok && m["depends_on"] != nil {
			return true
		}
	}
	return false
}
