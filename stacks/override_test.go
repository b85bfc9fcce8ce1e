package stacks

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"

	"flightplan/lang"
	"flightplan/schema"
)

// overrideApp is a backend whose body ends with the given blocks.
func overrideApp(blocks string) string {
	return `
app "patched" {
  account = "123456789012"
  region  = "us-east-1"
}

environment "dev" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
` + blocks + `
}
`
}

// compileSource loads and compiles a file's text.
func compileSource(t *testing.T, src string) (*Desired, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "flightplan.hcl")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := lang.Load(lang.Options{File: file})
	if diags.HasErrors() {
		t.Fatalf("load: %s", diags.Error())
	}
	return Compile(cfg, Options{})
}

// TestOverrideErrors: an override that cannot be applied, or whose result
// the resource specification refuses, fails the compilation at its block.
func TestOverrideErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		blocks  string
		line    int // of the override block that is blamed
		summary string
		detail  string
		names   string // with detail "spec": the refused path's end
	}{
		"missing resource": {
			blocks:  "override {\n op = \"add\"\n path = \"/Resources/Nope/Properties/X\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources has no "Nope". (environment dev)`,
		},
		"replace what is missing": {
			blocks:  "override {\n op = \"replace\"\n path = \"/Resources/LogGroup/Properties/KmsKeyId\"\n value = \"k\"\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources/LogGroup/Properties has no "KmsKeyId"; replace changes what exists, use op = "add" to create it. (environment dev)`,
		},
		"remove what is missing": {
			blocks:  "override {\n op = \"remove\"\n path = \"/Resources/LogGroup/Properties/KmsKeyId\"\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources/LogGroup/Properties has no "KmsKeyId". (environment dev)`,
		},
		"index out of range": {
			blocks:  "override {\n op = \"replace\"\n path = \"/Resources/TaskDefinition/Properties/ContainerDefinitions/3/Cpu\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources/TaskDefinition/Properties/ContainerDefinitions has 1 elements, so no index 3. (environment dev)`,
		},
		"not an index": {
			blocks:  "override {\n op = \"add\"\n path = \"/Resources/TaskDefinition/Properties/ContainerDefinitions/first/Cpu\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources/TaskDefinition/Properties/ContainerDefinitions is a list, and "first" is not an index (0, 1, …). (environment dev)`,
		},
		"append with remove": {
			blocks:  "override {\n op = \"remove\"\n path = \"/Resources/TaskDefinition/Properties/ContainerDefinitions/-\"\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `/Resources/TaskDefinition/Properties/ContainerDefinitions/- names no element: "-" appends, which only op = "add" does. (environment dev)`,
		},
		"through a scalar": {
			blocks:  "override {\n op = \"add\"\n path = \"/Resources/LogGroup/Properties/RetentionInDays/Days\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: /Resources/LogGroup/Properties/RetentionInDays is a number, not an object or a list. (environment dev)`,
		},
		"taskdef index out of range": {
			blocks:  "taskdef_override {\n path = \"ContainerDefinitions[2].Cpu\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Path does not exist: ContainerDefinitions has 1 elements, so no index 2 (use [-] to append). (environment dev)`,
		},
		"taskdef through a scalar": {
			blocks:  "taskdef_override {\n path = \"Cpu.Units\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Cpu is a string, so it has no field "Units". (environment dev)`,
		},
		"taskdef into a non-list": {
			blocks:  "taskdef_override {\n path = \"Cpu[0]\"\n value = 1\n}",
			line:    13,
			summary: "Override cannot be applied",
			detail:  `Cpu is a string, not a list to index. (environment dev)`,
		},
		"spec refuses a reference": {
			blocks:  "override {\n op = \"add\"\n path = \"/Resources/LogGroup/Properties/KmsKeyId\"\n value = { \"Fn::GetAtt\" = [\"Key\", \"Arn\"] }\n}",
			line:    13,
			summary: "Overridden template is invalid",
			detail:  "spec",
			names:   "KmsKeyId",
		},
		"spec refuses a property": {
			blocks: "override {\n op = \"add\"\n path = \"/Resources/LogGroup/Properties/RetentionInDays\"\n value = 7\n}\n" +
				"taskdef_override {\n path = \"ContainerDefinitions[0].Ulimits[-]\"\n value = { Name = \"nofile\", Soft = 1 }\n}",
			line:    18,
			summary: "Overridden template is invalid",
			detail:  "spec",
			names:   "Ulimits.0.Soft",
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := compileSource(t, overrideApp(tc.blocks))
			var ce *CompileError
			if !errors.As(err, &ce) || len(ce.Diagnostics) == 0 {
				t.Fatalf("got %v, want a compile error", err)
			}
			d := ce.Diagnostics[0]
			if d.Subject == nil || d.Subject.Start.Line != tc.line {
				t.Errorf("located at %v, want line %d", d.Subject, tc.line)
			}
			if tc.detail == "spec" {
				if !strings.Contains(d.Detail, tc.names) || !strings.Contains(d.Detail, "bypasses flightplan's checks") {
					t.Errorf("detail %q does not name the refused property", d.Detail)
				}
				tc.detail = d.Detail
			}
			if diff := cmp.Diff([]string{tc.summary, tc.detail}, []string{d.Summary, d.Detail}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestApplyOverrides: the JSON patch operations and Copilot's taskdef
// paths, on a small template.
func TestApplyOverrides(t *testing.T) {
	body := canonicalJSON(obj{"Resources": obj{
		"TaskDefinition": obj{"Type": "AWS::ECS::TaskDefinition", "Properties": obj{
			"ContainerDefinitions": list{obj{"Name": "a", "Image": "x", "PortMappings": list{obj{"ContainerPort": 80}}}},
		}},
	}})
	for name, tc := range map[string]struct {
		o    schema.Override
		path []string
		want any
	}{
		"add inserts at an index": {
			o:    schema.Override{Op: "add", Path: "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/PortMappings/0", Value: obj{"ContainerPort": 81.0}},
			path: []string{"ContainerDefinitions", "0", "PortMappings"},
			want: list{obj{"ContainerPort": 81.0}, obj{"ContainerPort": 80.0}},
		},
		"add appends with -": {
			o:    schema.Override{Op: "add", Path: "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/PortMappings/-", Value: obj{"ContainerPort": 81.0}},
			path: []string{"ContainerDefinitions", "0", "PortMappings"},
			want: list{obj{"ContainerPort": 80.0}, obj{"ContainerPort": 81.0}},
		},
		"remove from a list": {
			o:    schema.Override{Op: "remove", Path: "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/PortMappings/0"},
			path: []string{"ContainerDefinitions", "0", "PortMappings"},
			want: list{},
		},
		"replace a field": {
			o:    schema.Override{Op: "replace", Path: "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Image", Value: "y"},
			path: []string{"ContainerDefinitions", "0", "Image"},
			want: "y",
		},
		"taskdef creates the missing": {
			o:    schema.Override{TaskDef: true, Path: "ContainerDefinitions[0].Ulimits[-].Name", Value: "nofile"},
			path: []string{"ContainerDefinitions", "0", "Ulimits"},
			want: list{obj{"Name": "nofile"}},
		},
		"taskdef replaces an element's field": {
			o:    schema.Override{TaskDef: true, Path: "ContainerDefinitions[0].PortMappings[0].Protocol", Value: "udp"},
			path: []string{"ContainerDefinitions", "0", "PortMappings"},
			want: list{obj{"ContainerPort": 80.0, "Protocol": "udp"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			out, diags := applyOverrides(body, []*schema.Override{&tc.o})
			for _, d := range diags {
				if d.Summary != "Overridden template is invalid" { // the sample template lacks required properties
					t.Fatalf("%s: %s", d.Summary, d.Detail)
				}
			}
			var doc any
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			got := at(t, doc, append([]string{"Resources", "TaskDefinition", "Properties"}, tc.path...)...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestApplyOverridesRefuses: what the language rules out still fails
// cleanly, located at the block, if it reaches the compiler.
func TestApplyOverridesRefuses(t *testing.T) {
	noTask := canonicalJSON(obj{"Resources": obj{"Bucket": obj{"Type": "AWS::S3::Bucket"}}})
	for name, tc := range map[string]struct {
		body   []byte
		o      schema.Override
		detail string
	}{
		"not JSON":            {[]byte("{"), schema.Override{Op: "add", Path: "/A"}, "unexpected end of JSON input"},
		"unknown op":          {noTask, schema.Override{Op: "move", Path: "/Resources/Bucket"}, `Op "move" is not one of add, remove or replace.`},
		"no task definition":  {noTask, schema.Override{TaskDef: true, Path: "Cpu", Value: "256"}, "The template has no task definition (Resources.TaskDefinition) to override."},
		"pointer not checked": {noTask, schema.Override{Op: "add", Path: "Resources"}, `Path "Resources" must be a JSON pointer starting with "/", such as "/Resources/TaskDefinition/Properties/Cpu".`},
	} {
		t.Run(name, func(t *testing.T) {
			tc.o.DeclRange = hcl.Range{Filename: "f.hcl", Start: hcl.Pos{Line: 3}}
			_, diags := applyOverrides(tc.body, []*schema.Override{&tc.o})
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(diags), diags)
			}
			if diff := cmp.Diff(tc.detail, diags[0].Detail); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestOverrideErrorOncePerBlock: an override that fails in every
// environment is reported once, naming them.
func TestOverrideErrorOncePerBlock(t *testing.T) {
	src := strings.Replace(overrideApp("override {\n op = \"remove\"\n path = \"/Resources/Nope\"\n}"),
		`environment "dev" {}`, "environment \"dev\" {}\n\nenvironment \"prod\" {}", 1)
	_, err := compileSource(t, src)
	var ce *CompileError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a compile error", err)
	}
	var got []string
	for _, d := range ce.Diagnostics {
		got = append(got, d.Detail)
	}
	if diff := cmp.Diff([]string{`Path does not exist: /Resources has no "Nope". (environments dev, prod)`}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
