package lang

import (
	"fmt"
	"strings"
	"testing"
)

// TestOddInputs loads inputs at the edges of the grammar: none may panic,
// and each must report an error that names the problem.
func TestOddInputs(t *testing.T) {
	const app = "app \"a\" {\n  account = \"111111111111\"\n  region = \"us-east-1\"\n}\nenvironment \"e\" {}\n"
	for name, tc := range map[string]struct {
		file, src, want string
	}{
		"empty":                {src: "", want: "Missing app block"},
		"only locals":          {src: "locals {\n  a = 1\n}\n", want: "Missing app block"},
		"app without label":    {src: "app {}\n", want: "Missing name for app"},
		"json garbage":         {file: "f.hcl.json", src: "{\"app\": 3}", want: "JSON"},
		"json empty object":    {file: "f.hcl.json", src: "{}", want: "Missing app block"},
		"top attribute":        {src: app + "x = 1\n", want: "Unsupported argument"},
		"no environments":      {src: "app \"a\" {\n  account = \"111111111111\"\n  region = \"us-east-1\"\n}\n", want: "No environments"},
		"null account":         {src: "app \"a\" {\n  account = null\n  region = \"us-east-1\"\n}\nenvironment \"e\" {}\n", want: "account"},
		"type from env":        {src: app + "image \"i\" {\n  location = \"x\"\n}\nservice \"s\" {\n  type = env.name\n  image = image.i\n}\n", want: "not available here"},
		"image object forged":  {src: app + "service \"s\" {\n  type = \"backend\"\n  image = { name = \"nope\" }\n}\n", want: "Unknown image"},
		"image number":         {src: app + "service \"s\" {\n  type = \"backend\"\n  image = 3\n}\n", want: "Invalid image"},
		"huge count":           {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  count = 1e300\n}\n", want: "Whole number"},
		"fraction count":       {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  count = 1.5\n}\n", want: "Whole number"},
		"count too large":      {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  count = 1001\n}\n", want: "Invalid count"},
		"count a word":         {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  count = \"many\"\n}\n", want: "This must be a number"},
		"list with null":       {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  command = [null]\n}\n", want: "null"},
		"templatefile bad":     {src: app + "locals {\n  x = templatefile(\"nope.tpl\", {})\n}\n", want: "nope.tpl"},
		"absolute file":        {src: app + "locals {\n  x = file(\"/etc/passwd\")\n}\n", want: "absolute path"},
		"unknown root":         {src: app + "locals {\n  x = foo.bar\n}\n", want: "Unknown name"},
		"self local":           {src: app + "locals {\n  x = local.x\n}\n", want: "local.x → local.x"},
		"subscribe on backend": {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  subscribe {}\n}\n", want: "subscribe needs a worker"},
		"depends on self":      {src: app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  depends_on = [\"s\"]\n}\n", want: "depends on itself"},
	} {
		t.Run(name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "flightplan.hcl"
			}
			cfg, diags := Load(Options{File: writeConfig(t, file, tc.src)})
			if cfg != nil || !diags.HasErrors() {
				t.Fatalf("loaded without errors, want %q", tc.want)
			}
			if !strings.Contains(diags.Error(), tc.want) {
				t.Errorf("diagnostics do not mention %q:\n%s", tc.want, diags.Error())
			}
		})
	}
}

// The diagnostics of a body are the same from run to run: the arguments a
// body does not take are reported in file order, and a mistyped block
// name equally close to two block names is given the first in name order
// ("apb": app, not job). Both used to follow a map's order.
func TestDecodeDiagnosticsStable(t *testing.T) {
	const app = "app \"a\" {\n  account = \"111111111111\"\n  region = \"us-east-1\"\n}\nenvironment \"e\" {}\n"
	src := app + "service \"s\" {\n  type = \"backend\"\n  image = \"x\"\n  zz = 1\n  b7 = \"a\"\n  aa = 2\n}\napb \"x\" {}\n"
	path := writeConfig(t, "flightplan.hcl", src)
	var first string
	for i := range 30 {
		_, diags := Load(Options{File: path})
		var all strings.Builder
		for _, d := range diags {
			fmt.Fprintf(&all, "%s: %s: %s\n", d.Subject, d.Summary, d.Detail)
		}
		got := all.String()
		if i == 0 {
			first = got
			for _, want := range []string{`"zz" is not expected`, `"b7" is not expected`, `"aa" is not expected`, `Did you mean "app"?`} {
				if !strings.Contains(got, want) {
					t.Fatalf("diagnostics lack %s:\n%s", want, got)
				}
			}
			if zz, b7, aa := strings.Index(got, `"zz"`), strings.Index(got, `"b7"`), strings.Index(got, `"aa"`); zz > b7 || b7 > aa {
				t.Errorf("unsupported arguments not in file order:\n%s", got)
			}
			continue
		}
		if got != first {
			t.Fatalf("load %d gave other diagnostics:\n%s\nthan the first:\n%s", i, got, first)
		}
	}
}

// The specs' schemas are shared by every Load, at once too: loading a
// file leaves them as they were (decodeTop adds the locals block to a
// copy of the file's).
func TestLoadLeavesSchemas(t *testing.T) {
	before := [2]int{len(fileSpec.schemas[0].Blocks), len(fileSpec.schemas[1].Blocks)}
	path := writeConfig(t, "flightplan.hcl", "app \"a\" {\n  account = \"111111111111\"\n  region = \"us-east-1\"\n}\nenvironment \"e\" {}\nlocals {\n  x = 1\n}\n")
	for range 2 {
		if _, diags := Load(Options{File: path}); diags.HasErrors() {
			t.Fatal(diags.Error())
		}
	}
	if after := [2]int{len(fileSpec.schemas[0].Blocks), len(fileSpec.schemas[1].Blocks)}; after != before {
		t.Errorf("the file's schemas have %v blocks after two loads, %v before", after, before)
	}
}
