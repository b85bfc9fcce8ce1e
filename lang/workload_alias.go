package lang

import (
	"regexp"
	"sync"

	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// Aliases of a routing rule, as Copilot's http.alias: one name, a list of names, or
// a list of { name, hosted_zone } objects (mixed as well), and the rule's
// hosted_zone for the names given as strings. A name with a hosted zone
// gets its A record in that zone, so it may be any name, such as the apex
// or www of another domain. The zone is in the environment's account unless
// hosted_zone is an object { id, account } naming another one the file
// knows: the records then go in a stack of that account (stacks'
// alias_account.go).

// hostedZoneID is a Route 53 hosted zone ID: Z and up to 31 capitals and
// digits.
var hostedZoneID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`) })

// ruleAliases reads alias and hosted_zone into h.Alias, h.AliasZones and
// h.AliasAccounts. A hosted zone is an ID, or an object { id, account }
// naming the account the zone is in when it is not the environment's.
func ruleAliases(e *evaluator, n *node, h *schema.ServiceHTTP) {
	var zone hostedZone
	if a := n.attr("hosted_zone"); a != nil {
		v, ok := e.value(a.Expr, cty.DynamicPseudoType)
		if !ok {
			return
		}
		z, ok := zoneElement(v)
		switch {
		case !ok:
			e.errorf(a.Expr.Range(), "Invalid hosted zone", "hosted_zone is a hosted zone's ID, such as \"Z0123456789ABCDEFGHIJ\", or an object { id = \"Z…\", account = \"222222222222\" } for a zone in another account than the environment's.")
		default:
			if !hostedZoneID().MatchString(z.id) {
				e.errorf(a.Expr.Range(), "Invalid hosted zone", "%q is not a Route 53 hosted zone ID; write the zone's ID, such as \"Z0123456789ABCDEFGHIJ\" (the console's Hosted zone ID, not its name).", z.id)
			}
			zone = z // its aliases are not also said to be outside the environment's zone
		}
	}
	a := n.attr("alias")
	if a == nil {
		if zone.id != "" {
			e.errorf(n.attr("hosted_zone").NameRange, "hosted_zone without an alias", "hosted_zone is where the records of this rule's aliases go, and it has none. Add alias, or remove hosted_zone.")
		}
		return
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return
	}
	if v.Type() == cty.String && v.IsKnown() && !v.IsNull() {
		v = cty.TupleVal([]cty.Value{v}) // one name, as Copilot's alias: example.com
	}
	if !v.Type().IsListType() && !v.Type().IsTupleType() {
		e.errorf(a.Expr.Range(), "Invalid alias", "alias is a host name, or a list of host names or of objects { name, hosted_zone }.")
		return
	}
	for it := v.ElementIterator(); it.Next(); {
		_, el := it.Element()
		name, elZone, ok := aliasElement(el)
		if !ok {
			e.errorf(a.Expr.Range(), "Invalid alias", "Each alias is a host name (\"www.example.com\") or an object { name = \"example.com\", hosted_zone = \"Z…\" } (hosted_zone may be { id = \"Z…\", account = \"222222222222\" }).")
			return
		}
		if elZone.id == "" {
			elZone = zone
		} else if !hostedZoneID().MatchString(elZone.id) {
			e.errorf(a.Expr.Range(), "Invalid hosted zone", "%q is not a Route 53 hosted zone ID; write the zone's ID, such as \"Z0123456789ABCDEFGHIJ\".", elZone.id)
			continue
		}
		h.Alias = append(h.Alias, name)
		if elZone.id != "" {
			if h.AliasZones == nil {
				h.AliasZones = map[string]string{}
			}
			h.AliasZones[name] = elZone.id
		}
		if elZone.account != "" {
			if h.AliasAccounts == nil {
				h.AliasAccounts = map[string]string{}
			}
			h.AliasAccounts[name] = elZone.account
		}
	}
}

// hostedZone is a hosted zone as the file gives it: its ID, and the
// account it is in when the file says.
type hostedZone struct{ id, account string }

// zoneElement reads a hosted zone: a string ID, or an object with a string
// id and an optional string account.
func zoneElement(v cty.Value) (hostedZone, bool) {
	switch {
	case v.IsNull() || !v.IsKnown():
		return hostedZone{}, false
	case v.Type() == cty.String:
		return hostedZone{id: v.AsString()}, true
	case !v.Type().IsObjectType() || !v.Type().HasAttribute("id"):
		return hostedZone{}, false
	}
	var z hostedZone
	for attr := range v.Type().AttributeTypes() {
		av := v.GetAttr(attr)
		if (attr != "id" && attr != "account") || av.IsNull() || !av.IsKnown() || av.Type() != cty.String {
			return hostedZone{}, false
		}
		if attr == "id" {
			z.id = av.AsString()
		} else {
			z.account = av.AsString()
		}
	}
	return z, true
}

// aliasElement reads one element of alias: a string, or an object with a
// string name and an optional hosted_zone.
func aliasElement(v cty.Value) (name string, zone hostedZone, ok bool) {
	switch {
	case v.IsNull() || !v.IsKnown():
		return "", hostedZone{}, false
	case v.Type() == cty.String:
		return v.AsString(), hostedZone{}, true
	case !v.Type().IsObjectType() || !v.Type().HasAttribute("name"):
		return "", hostedZone{}, false
	}
	for attr := range v.Type().AttributeTypes() {
		if attr != "name" && attr != "hosted_zone" {
			return "", hostedZone{}, false
		}
	}
	nv := v.GetAttr("name")
	if nv.IsNull() || nv.Type() != cty.String {
		return "", hostedZone{}, false
	}
	if v.Type().HasAttribute("hosted_zone") {
		if zone, ok = zoneElement(v.GetAttr("hosted_zone")); !ok {
			return "", hostedZone{}, false
		}
	}
	return nv.AsString(), zone, true
}
