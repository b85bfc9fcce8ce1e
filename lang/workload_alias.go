package lang

import (
	"regexp"

	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// Aliases of a routing rule, as Copilot's http.alias: one name, a list of names, or
// a list of { name, hosted_zone } objects (mixed as well), and the rule's
// hosted_zone for the names given as strings. A name with a hosted zone
// gets its A record in that zone (of the environment's account), so it
// may be any name, such as the apex or www of another domain.

// hostedZoneID is a Route 53 hosted zone ID: Z and up to 31 capitals and
// digits.
var hostedZoneID = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)

// ruleAliases reads alias and hosted_zone into h.Alias and h.AliasZones.
func ruleAliases(e *evaluator, n *node, h *schema.ServiceHTTP) {
	var zone string
	if a := e.str(n, "hosted_zone", &zone); a != nil && !hostedZoneID.MatchString(zone) {
		e.errorf(a.Expr.Range(), "Invalid hosted zone", "%q is not a Route 53 hosted zone ID; write the zone's ID, such as \"Z0123456789ABCDEFGHIJ\" (the console's Hosted zone ID, not its name).", zone)
	}
	a := n.attr("alias")
	if a == nil {
		if zone != "" {
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
			e.errorf(a.Expr.Range(), "Invalid alias", "Each alias is a host name (\"www.example.com\") or an object { name = \"example.com\", hosted_zone = \"Z…\" }.")
			return
		}
		if elZone == "" {
			elZone = zone
		} else if !hostedZoneID.MatchString(elZone) {
			e.errorf(a.Expr.Range(), "Invalid hosted zone", "%q is not a Route 53 hosted zone ID; write the zone's ID, such as \"Z0123456789ABCDEFGHIJ\".", elZone)
			continue
		}
		h.Alias = append(h.Alias, name)
		if elZone != "" {
			if h.AliasZones == nil {
				h.AliasZones = map[string]string{}
			}
			h.AliasZones[name] = elZone
		}
	}
}

// aliasElement reads one element of alias: a string, or an object with a
// string name and an optional string hosted_zone.
func aliasElement(v cty.Value) (name, zone string, ok bool) {
	switch {
	case v.IsNull() || !v.IsKnown():
		return "", "", false
	case v.Type() == cty.String:
		return v.AsString(), "", true
	case !v.Type().IsObjectType() || !v.Type().HasAttribute("name"):
		return "", "", false
	}
	for attr := range v.Type().AttributeTypes() {
		if attr != "name" && attr != "hosted_zone" {
			return "", "", false
		}
	}
	nv := v.GetAttr("name")
	if nv.IsNull() || nv.Type() != cty.String {
		return "", "", false
	}
	if v.Type().HasAttribute("hosted_zone") {
		zv := v.GetAttr("hosted_zone")
		if zv.IsNull() || zv.Type() != cty.String {
			return "", "", false
		}
		zone = zv.AsString()
	}
	return nv.AsString(), zone, true
}
