package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"flightplan/view"
)

const secretValue = "S3CR3T-abc123"

// sensitiveFile declares a sensitive variable, with the given type, and
// uses it as body says.
func sensitiveFile(typ, body string) string {
	return "variable \"secret\" {\n  type      = " + typ + "\n  sensitive = true\n}\n\n" +
		"app \"a\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n\nenvironment \"test\" {}\n\n" + body
}

func service(attrs string) string {
	return "service \"api\" {\n  type  = \"backend\"\n  image = \"nginx\"\n" + attrs + "\n}\n"
}

// TestSensitiveNeverQuoted makes each message that would quote a value
// with a sensitive variable: the rendered diagnostics (text and
// snippets) must show no trace of the value, and still say what is wrong.
func TestSensitiveNeverQuoted(t *testing.T) {
	for name, tc := range map[string]struct {
		typ, body string
		varFile   string // a --var-file's text; otherwise --var secret=secretValue
		files     map[string]string
		want      string // what the message still says
	}{
		"function error":       {body: service("  count = tonumber(var.secret)"), want: "Invalid function argument"},
		"function of a secret": {body: service("  count = tonumber(upper(var.secret))"), want: "Invalid function argument"},
		"unknown environment":  {body: service("  environments = [var.secret]"), want: "There is no environment (sensitive value)"},
		"part of a secret":     {body: service("  environments = [substr(var.secret, 0, 6)]"), want: "There is no environment (sensitive value)"},
		"not a number":         {body: service("  count = var.secret"), want: "This must be a number"},
		"not one of":           {body: service("  network {\n    placement = lower(var.secret)\n  }"), want: "is not one of"},
		"region":               {body: "environment \"prod\" {\n  region = var.secret\n}\n", want: "is not an AWS region name"},
		"map index":            {body: "locals {\n  m = { a = 1 }\n  x = local.m[var.secret]\n}\n", want: "Invalid index"},
		"schedule":             {body: "job \"j\" {\n  image    = \"nginx\"\n  schedule = \"${var.secret} * * * *\"\n}\n", want: "schedule"},
		"through a local":      {body: "locals {\n  s = \"x-${var.secret}\"\n}\n" + service("  count = local.s"), want: "This must be a number"},
		"validation message": {typ: "string", body: "",
			want: "fails the condition"},
		"number from a var file": {typ: "number", varFile: "secret = \"" + secretValue + "\"\n", body: "",
			want: "Invalid value for variable"},
		"templatefile": {body: service("  count = templatefile(\"t.tpl\", { s = var.secret })"),
			files: map[string]string{"t.tpl": "${tonumber(s)}"}, want: "templatefile"},
	} {
		t.Run(name, func(t *testing.T) {
			typ := tc.typ
			if typ == "" {
				typ = "string"
			}
			src := sensitiveFile(typ, tc.body)
			if name == "validation message" {
				src = strings.Replace(src, "sensitive = true\n", "sensitive = true\n  validation {\n    condition     = strlen(var.secret) > 20\n    error_message = \"too short: ${var.secret}\"\n  }\n", 1)
			}
			path := writeConfig(t, "flightplan.hcl", src)
			for f, text := range tc.files {
				if err := os.WriteFile(filepath.Join(filepath.Dir(path), f), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			opts := Options{File: path, Vars: []string{"secret=" + secretValue}}
			if tc.varFile != "" {
				vf := filepath.Join(filepath.Dir(path), "secret.tfvars")
				if err := os.WriteFile(vf, []byte(tc.varFile), 0o644); err != nil {
					t.Fatal(err)
				}
				opts = Options{File: path, VarFiles: []string{vf}}
			}
			_, srcs, diags := LoadFiles(opts)
			if !diags.HasErrors() {
				t.Fatal("loaded without errors")
			}
			var buf bytes.Buffer
			if err := view.WriteDiagnostics(&buf, srcs, diags, false, 0); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, trace := range []string{secretValue, strings.ToLower(secretValue), "S3CR3T", "abc123"} {
				if strings.Contains(out, trace) {
					t.Errorf("the diagnostics show %q:\n%s", trace, out)
				}
			}
			if !strings.Contains(out, tc.want) {
				t.Errorf("the diagnostics do not say %q:\n%s", tc.want, out)
			}
		})
	}
}

// TestSensitiveNotOverMasked checks that a message about a value that is
// not sensitive still quotes it, with its suggestion, when the file has
// sensitive variables.
func TestSensitiveNotOverMasked(t *testing.T) {
	src := sensitiveFile("string", service("  environments = [\"tset\"]\n  variables    = { S = var.secret }"))
	_, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", src), Vars: []string{"secret=" + secretValue}})
	if want := `There is no environment "tset"; the environments are "test". Did you mean "test"?`; !strings.Contains(diags.Error(), want) {
		t.Errorf("want %q in:\n%s", want, diags.Error())
	}
}

// TestSensitiveDerivedValues checks that Config.Sensitive holds the
// values of sensitive variables and every string built from them, and
// nothing else.
func TestSensitiveDerivedValues(t *testing.T) {
	src := sensitiveFile("string", "locals {\n  url = \"postgres://app:${var.secret}@db\"\n}\n"+
		service("  variables = { DB = local.url, PLAIN = \"visible\", UPPER = upper(var.secret) }"))
	cfg := load(t, Options{File: writeConfig(t, "flightplan.hcl", src), Vars: []string{"secret=" + secretValue}})
	for _, want := range []string{secretValue, "postgres://app:" + secretValue + "@db", strings.ToUpper(secretValue)} {
		if !slices.Contains(cfg.Sensitive, want) {
			t.Errorf("Config.Sensitive = %q, want it to hold %q", cfg.Sensitive, want)
		}
	}
	if slices.Contains(cfg.Sensitive, "visible") {
		t.Errorf("Config.Sensitive = %q holds a value that is not sensitive", cfg.Sensitive)
	}
	if got := cfg.Workload("api").Deployments["test"].Variables["DB"]; got != "postgres://app:"+secretValue+"@db" {
		t.Errorf("the compiled value lost its text: %q", got)
	}
}
