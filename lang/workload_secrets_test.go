package lang

import (
	"strings"
	"testing"
)

// TestSecretAndImportErrors: a malformed secret by name, a bad export name
// and import_value where CloudFormation cannot take it are each reported
// at the value, saying what to write.
func TestSecretAndImportErrors(t *testing.T) {
	const head = "app \"a\" {\n  account = \"111111111111\"\n  region = \"us-east-1\"\n}\nenvironment \"e\" {}\nservice \"s\" {\n  type = \"backend\"\n  image = \"x\"\n"
	for name, tc := range map[string]struct {
		body, summary, detail string
	}{
		"empty name":     {`  secrets = { A = { secretsmanager = "" } }`, "Invalid Secrets Manager secret name", "name is empty"},
		"two parts":      {`  secrets = { A = { secretsmanager = "db:password" } }`, "Invalid Secrets Manager secret name", "has 2 parts"},
		"bad characters": {`  secrets = { A = { secretsmanager = "db name" } }`, "Invalid Secrets Manager secret name", "letters, digits"},
		"other field":    {`  secrets = { A = { from_cfn = "x" } }`, "Invalid secret reference", `{ secretsmanager = "NAME" }`},
		"list":           {`  secrets = { A = ["x"] }`, "Invalid secret reference", "must be a string"},
		"import in text": {`  secrets = { A = "x-${import_value("e")}" }`, "Invalid secret reference", "import_value"},
		"bad export":     {`  variables = { A = import_value("no spaces") }`, "Error in function call", "an export's name"},
		"import in port": {`  command = [import_value("cmd")]`, "import_value not allowed here", "and network.security_groups only"},
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := Load(Options{File: writeConfig(t, "flightplan.hcl", head+tc.body+"\n}\n")})
			if len(diags) == 0 {
				t.Fatal("no error")
			}
			d := diags[0]
			if d.Summary != tc.summary || !strings.Contains(d.Detail, tc.detail) {
				t.Errorf("got %q: %q, want %q with %q", d.Summary, d.Detail, tc.summary, tc.detail)
			}
			if d.Subject == nil || d.Subject.Start.Line != 9 {
				t.Errorf("the error is not located at line 9: %v", d.Subject)
			}
		})
	}
}
