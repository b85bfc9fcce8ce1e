package stacks

import (
	"encoding/json"
	"maps"
	"path"
	"slices"
	"strings"

	"flightplan/addr"
	"flightplan/schema"
)

// Buildspecs are generated YAML, inline in each project's BuildSpec. Every
// command is a JSON-quoted string, which YAML reads as a double-quoted
// scalar, so no command needs YAML escaping rules of its own.

// tagCommand sets TAG to the commit's first 12 characters, the tag the
// CLI gives a clean work tree.
const tagCommand = `TAG=$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-12)`

// phase is one buildspec phase.
type phase struct {
	name     string
	commands []string
}

// buildspecYAML renders phases and the files to keep as the output
// artifact (none when files is empty).
func buildspecYAML(phases []phase, files []string) string {
	var b strings.Builder
	b.WriteString("version: 0.2\nenv:\n  shell: bash\nphases:\n")
	for _, p := range phases {
		if len(p.commands) == 0 {
			continue
		}
		b.WriteString("  " + p.name + ":\n    commands:\n")
		for _, c := range p.commands {
			b.WriteString("      - " + yamlQuote(c) + "\n")
		}
	}
	if len(files) > 0 {
		b.WriteString("artifacts:\n  files:\n")
		for _, f := range files {
			b.WriteString("    - " + yamlQuote(f) + "\n")
		}
	}
	return b.String()
}

// yamlQuote quotes s as a JSON string (no HTML escaping), a valid YAML
// double-quoted scalar.
func yamlQuote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// buildSpec logs in to the app's registry in every region, builds each
// image of the group once and pushes it to each region's repository as
// {app}/{image}:$TAG.
func (ps *pipelineStack) buildSpec(g buildGroup) string {
	app := ps.compiler.cfg.App
	pre := []string{tagCommand}
	for _, region := range ps.compiler.regions() {
		pre = append(pre, "aws ecr get-login-password --region "+region+
			" | docker login --username AWS --password-stdin "+registry(app.Account, region))
	}
	var build []string
	for _, img := range g.images {
		local := `"` + repoName(app.Name, img.Name) + `:$TAG"`
		build = append(build, ps.dockerBuild(img, local))
		for _, region := range ps.compiler.regions() {
			remote := `"` + registry(app.Account, region) + "/" + repoName(app.Name, img.Name) + `:$TAG"`
			build = append(build, "docker tag "+local+" "+remote, "docker push "+remote)
		}
	}
	return buildspecYAML([]phase{{"pre_build", pre}, {"build", build}}, nil)
}

// dockerBuild is the build command of one image; paths are relative to
// the configuration's folder in the repository.
func (ps *pipelineStack) dockerBuild(img *schema.Image, tag string) string {
	b := img.Build
	args := []string{"docker", "build", "--platform", img.Platform}
	if b.Dockerfile != "" {
		args = append(args, "--file", path.Join(ps.configDir(), b.Dockerfile))
	}
	if b.Target != "" {
		args = append(args, "--target", b.Target)
	}
	for _, k := range slices.Sorted(maps.Keys(b.Args)) {
		args = append(args, "--build-arg", k+"="+b.Args[k])
	}
	for _, c := range b.CacheFrom {
		args = append(args, "--cache-from", c)
	}
	ctx := b.Context
	if ctx == "" {
		ctx = schema.DefaultBuildContext
	}
	args = append(args, path.Join(ps.configDir(), ctx))
	return shellJoin(args[:len(args)-1]) + " --tag " + tag + " " + shellJoin(args[len(args)-1:])
}

// deploySpec runs flightplan for the environment the action names in
// FLIGHTPLAN_ENV, FLIGHTPLAN_TARGETS and FLIGHTPLAN_FIRST_TARGETS (see
// deployVariables).
func (ps *pipelineStack) deploySpec() string {
	install := []string{
		`if ! command -v flightplan >/dev/null; then ` +
			`if [ -z "$FLIGHTPLAN_DOWNLOAD_URL" ]; then echo "flightplan is not on the build image's PATH and the pipeline has no download URL for it" >&2; exit 1; fi; ` +
			`curl -fsSL -o /usr/local/bin/flightplan "$FLIGHTPLAN_DOWNLOAD_URL" && chmod +x /usr/local/bin/flightplan; fi`,
	}
	pre := []string{tagCommand, `export FLIGHTPLAN_IMAGE_TAG="$TAG"`}
	fp := `flightplan -f "$FLIGHTPLAN_FILE" `
	build := []string{
		fp + `render --out "rendered/$FLIGHTPLAN_ENV"`,
		`if [ -n "$FLIGHTPLAN_FIRST_TARGETS" ]; then ` + fp + `apply --auto-approve $FLIGHTPLAN_FIRST_TARGETS; fi`,
		fp + `apply --auto-approve $FLIGHTPLAN_TARGETS`,
	}
	return buildspecYAML([]phase{{"install", install}, {"pre_build", pre}, {"build", build}}, []string{"rendered/**/*"})
}

// deployVariables tell the deploy project what one stage deploys: every
// workload of its environment, its depends_on workloads first.
func (ps *pipelineStack) deployVariables(s schema.Stage) []any {
	var first, all []string
	for _, w := range ps.compiler.cfg.Workloads {
		if !slices.Contains(w.Environments, s.Env) {
			continue
		}
		target := "--target " + addr.Deploy(s.Env, w.Name).String()
		all = append(all, target)
		if slices.Contains(s.DependsOn, w.Name) {
			first = append(first, target)
		}
	}
	if len(all) == 0 {
		all = []string{"--target " + addr.Env(s.Env).String()}
	}
	vars := []any{
		obj{"name": "FLIGHTPLAN_ENV", "value": s.Env, "type": "PLAINTEXT"},
		obj{"name": "FLIGHTPLAN_TARGETS", "value": strings.Join(all, " "), "type": "PLAINTEXT"},
	}
	if len(first) > 0 {
		vars = append(vars, obj{"name": "FLIGHTPLAN_FIRST_TARGETS", "value": strings.Join(first, " "), "type": "PLAINTEXT"})
	}
	return vars
}

// deployEnvironment is the deploy project's own variables.
func (ps *pipelineStack) deployEnvironment() list {
	l := list{
		obj{"Name": "FLIGHTPLAN_FILE", "Value": ps.configPath()},
		obj{"Name": EnvManagerRoleVariable, "Value": "true"},
	}
	if u := ps.toolURL("amd64"); u != "" {
		l = append(l, obj{"Name": "FLIGHTPLAN_DOWNLOAD_URL", "Value": u})
	}
	return l
}

// testSpec runs a stage's test commands, in order, in the repository.
func testSpec(s schema.Stage) string {
	return buildspecYAML([]phase{{"build", s.TestCommands}}, nil)
}
