package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"flightplan/schema"
)

// secretRefs reads the secrets map: each value is a string that ECS can
// resolve (schema.CheckSecretRef), a value imported from another stack
// (import_value), or an object { secretsmanager = "NAME" } naming a
// Secrets Manager secret by name (Copilot's secretsmanager field), kept as
// schema.SecretsManagerPrefix + NAME. No message quotes a value.
func (e *evaluator) secretRefs(n *node, dst *map[string]string) {
	e.secretMap(n, "secrets", dst)
}

// secretMap reads a map of secrets named name (secrets, secret_options).
func (e *evaluator) secretMap(n *node, name string, dst *map[string]string) {
	v, a := e.attr(n, name, cty.DynamicPseudoType)
	if a == nil {
		return
	}
	if !v.Type().IsObjectType() && !v.Type().IsMapType() {
		e.errorf(a.Expr.Range(), "Incorrect value type", `%s must be a map, such as { DB_URL = "/shop/test/db-url", API_KEY = { secretsmanager = "api-key" } }.`, name)
		return
	}
	out := map[string]string{}
	ok := true
	m := v.AsValueMap()
	for _, k := range sortedNames(m) {
		el := m[k]
		ref, good := e.secretRef(valueRange(n, name, k), k, el)
		ok = good && e.text(keyRange(n, name, k), k, true) && ok
		out[k] = ref
	}
	if ok {
		*dst = out
	}
}

// secretRef reads one value of secrets.
func (e *evaluator) secretRef(rng hcl.Range, k string, el cty.Value) (string, bool) {
	switch {
	case el.IsNull():
		e.errorf(rng, "Null map value", "The value of %q must not be null.", k)
		return "", false
	case el.Type().IsObjectType() || el.Type().IsMapType():
		return e.secretsManagerRef(rng, k, el)
	}
	if s, err := convert.Convert(el, cty.String); err == nil {
		return e.plainSecretRef(rng, k, s.AsString())
	}
	e.errorf(rng, "Invalid secret reference", `The secret %s must be a string (an SSM parameter's name or an ARN) or { secretsmanager = "NAME" }.`, k)
	return "", false
}

func (e *evaluator) plainSecretRef(rng hcl.Range, k, ref string) (string, bool) {
	if _, ok := schema.OnlyImport(ref); ok {
		return ref, true // import_value checked the name
	}
	if err := schema.CheckSecretRef(ref); err != nil {
		e.errorf(rng, "Invalid secret reference",
			"The secret %s must name where its value lives: the name or path of an SSM parameter (/shop/test/db-url), "+
				"the ARN of an SSM parameter or a Secrets Manager secret, a Secrets Manager secret by name ({ secretsmanager = \"NAME\" }) "+
				"or import_value(\"EXPORT\") alone. %s.", k, capitalize(err.Error()))
		return "", false
	}
	return ref, true
}

// secretsManagerRef reads { secretsmanager = "NAME[:JSON-KEY:STAGE:VERSION]" }.
func (e *evaluator) secretsManagerRef(rng hcl.Range, k string, el cty.Value) (string, bool) {
	attrs := el.AsValueMap()
	sm, found := attrs["secretsmanager"]
	if !found || len(attrs) != 1 || sm.IsNull() || sm.Type() != cty.String {
		e.errorf(rng, "Invalid secret reference",
			`The secret %s is an object; the only form of object is { secretsmanager = "NAME" } (or "NAME:JSON-KEY::"), naming a Secrets Manager secret in the environment's account and region; for Copilot's from_cfn write import_value("EXPORT").`, k)
		return "", false
	}
	if err := schema.CheckSecretsManagerName(sm.AsString()); err != nil {
		e.errorf(rng, "Invalid Secrets Manager secret name", "The secret %s: %s.", k, err.Error())
		return "", false
	}
	return schema.SecretsManagerPrefix + sm.AsString(), true
}
