package schema

import (
	"fmt"
	"strings"
)

// SecretsManagerPrefix starts the value of a secret given by its Secrets
// Manager name (secrets = { X = { secretsmanager = "NAME" } }, Copilot's
// secretsmanager field). No other value of secrets can start with it: an
// SSM parameter name holds no colon, and an ARN starts with "arn:". The
// compiler turns it into the secret's ARN in the environment's partition,
// region and account.
const SecretsManagerPrefix = "secretsmanager:"

// SecretsManagerName returns the NAME[:JSON-KEY:VERSION-STAGE:VERSION-ID]
// of a secret given by name, and whether ref is one.
func SecretsManagerName(ref string) (string, bool) {
	return strings.CutPrefix(ref, SecretsManagerPrefix)
}

// CheckSecretsManagerName reports whether s is a Secrets Manager secret's
// name, alone or followed by the JSON key, version stage and version ID
// that ECS accepts after a secret's ARN (db, db:password::,
// db:password:AWSCURRENT:). The error does not repeat s.
func CheckSecretsManagerName(s string) error {
	if err := CheckText(s, true); err != nil {
		return err
	}
	parts := strings.Split(s, ":")
	if len(parts) != 1 && len(parts) != 4 {
		return fmt.Errorf("write the secret's name alone (db) or followed by a JSON key, a version stage and a version ID, "+
			"any of them empty (db:password::); the value has %d parts separated by colons, not 1 or 4", len(parts))
	}
	name := parts[0]
	switch {
	case name == "":
		return fmt.Errorf("the secret's name is empty")
	case len(name) > 512:
		return fmt.Errorf("the secret's name is %d characters long; Secrets Manager accepts at most 512", len(name))
	case !secretNameRE().MatchString(name):
		return fmt.Errorf("the secret's name holds characters other than letters, digits and / _ + = . @ -")
	}
	return nil
}
