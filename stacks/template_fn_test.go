package stacks

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// compactForm is a value that stands for an object in every output.
type compactForm interface{ object() obj }

// expanded is v with every compact form replaced, at any depth, by the
// plain object it stands for.
func expanded(v any) any {
	switch x := v.(type) {
	case compactForm:
		return expanded(x.object())
	case obj:
		out := obj{}
		for k, e := range x {
			out[k] = expanded(e)
		}
		return out
	case *list:
		return expanded(*x)
	case list:
		if x == nil {
			return x
		}
		out := make(list, len(x))
		for i, e := range x {
			out[i] = expanded(e)
		}
		return out
	}
	return v
}

// TestCompactFormsAsObjects: an intrinsic function's compact form, and
// fields, are written, sized and marshalled as the object they stand for,
// alone and nested, with strings that need escaping, keys in any order.
func TestCompactFormsAsObjects(t *testing.T) {
	var values []any
	for _, s := range []string{"", "Name", "quote \" back \\ tab \t", "<html> & é \u2028", "bad \xff"} {
		values = append(values, ref(s), getAtt(s, "Arn"), getAtt("R", s), sub("${AWS::Region}-"+s), importValue(s),
			join(s, "a", ref(s)), joinList(s, split(",", importValue(s))), join(s), joinList(s, list(nil)),
			split(s, sub(s)), split(",", s))
	}
	var many fields
	for i := range 40 { // more than are ordered on the stack
		many = append(many, pair{string(rune('z'-i%26)) + strings.Repeat("k", i), i})
	}
	values = append(values,
		fields{}, fields(nil), many, mk(), mk(many...),
		mkList(), mkList(1), mkList("a", ref("B")), mkList(1, mkList(2), 3), mkList(1, 2, 3, 4, 5), obj{"l": mkList(mk(pair{"k", "v"}))},
		mk(pair{"b", 1}), mk(pair{"b", 1}, pair{"a", mk(pair{"x", ref("X")})}), mk(pair{"c", 3}, pair{"b", nil}, pair{"a", list{}}),
		mk(pair{"d", 4}, pair{"c", 3}, pair{"b", "2"}, pair{"a", 1}), mk(pair{"e", 5}, pair{"d", 4}, pair{"c", 3}, pair{"b", "2"}, pair{"a", 1}),
		&resource{typ: "AWS::S3::Bucket"},
		&stringParam{"The app's \"name\"."}, obj{"P": &stringParam{""}},
		&outputDecl{ref("A"), ""}, &outputDecl{getAtt("A", "Arn"), "app-env-Export"}, list{&outputDecl{list{"x", 1}, "e\u2028"}},
		list{variable("A", "1"), variable("B \"q\"", importValue("X")), secretFrom("S", sub("arn:${AWS::Partition}")), variable("N", nil)},
		&resource{typ: "T", props: fields{{"Name", ref("X")}}, more: fields{{"DependsOn", []string{"A", "B"}}, {"Condition", "C"}}},
		list{&resource{typ: "T \"q\"", props: obj{}, more: many}},
		fields{{"Type", "T"}, {"Properties", fields{{"b", ref("B")}, {"a \"q\" <>", nil}, {"A", list{}}}}, {"DependsOn", []string{"X"}}},
		list{fields{{"z", 1}, {"y", fields{{"k", "v"}}}}, obj{"f": fields{{"Name", sub("x")}}}},
		list{ref("A"), obj{"k": getAtt("B", "Arn"), "j": join("", ref("C"), list{sub("x")})}},
		obj{"deep": list{list{join("-", join("", importValue("I"), "x"), getAtt("R", "A"))}}},
	)
	for _, v := range values {
		want := expanded(v)
		var indented, compact bytes.Buffer
		enc := json.NewEncoder(&indented)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(indented.String(), string(canonicalJSON(v))); diff != "" {
			t.Errorf("canonicalJSON(%#v) (-object +compact form):\n%s", v, diff)
		}
		if err := json.Compact(&compact, indented.Bytes()); err != nil {
			t.Fatal(err)
		}
		if got := jsonSize(v); got != compact.Len() {
			t.Errorf("jsonSize(%#v) = %d, want %d", v, got, compact.Len())
		}
		// encoding/json, HTML-escaping or not, as for documents and
		// values it writes.
		for _, html := range []bool{false, true} {
			var a, b bytes.Buffer
			for out, x := range map[*bytes.Buffer]any{&a: v, &b: want} {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(html)
				enc.SetIndent("  ", "\t")
				if err := enc.Encode(obj{"v": x}); err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(b.String(), a.String()); diff != "" {
				t.Errorf("encoding/json of %#v, HTML escaped %v (-object +compact form):\n%s", v, html, diff)
			}
		}
	}
}

// TestResourceMembers: members set on a resource after it was added,
// whether it is fields (added here) or an obj (an addon's), replace what
// it had and are read back by member.
func TestResourceMembers(t *testing.T) {
	tpl := newTemplate("d")
	tpl.add("A", "T", obj{"P": 1})
	tpl.add("B", "T", nil)
	tpl.add("C", "T", obj(nil))
	tpl.resources["D"] = obj{"Type": "T"}
	for _, id := range []string{"A", "B", "D"} {
		tpl.dependsOn(id, "Z")
		tpl.dependsOn(id, "Y")
		tpl.setMember(id, "DeletionPolicy", "Delete")
		tpl.setMember(id, "DeletionPolicy", "Retain")
		if diff := cmp.Diff([]string{"Y", "Z"}, member(tpl.resources[id], "DependsOn")); diff != "" {
			t.Errorf("%s: DependsOn (-want +got):\n%s", id, diff)
		}
	}
	want := `{"A":{"DeletionPolicy":"Retain","DependsOn":["Y","Z"],"Properties":{"P":1},"Type":"T"},` +
		`"B":{"DeletionPolicy":"Retain","DependsOn":["Y","Z"],"Type":"T"},"C":{"Type":"T"},` +
		`"D":{"DeletionPolicy":"Retain","DependsOn":["Y","Z"],"Type":"T"}}`
	if got := compactJSON(tpl.resources); got != want {
		t.Errorf("resources = %s, want %s", got, want)
	}
	if member(tpl.resources["A"], "Missing") != nil || member("not an object", "Type") != nil {
		t.Error("member of what is not there is not nil")
	}
	s := secretFrom("S", "arn")
	if member(s, "Name") != "S" || member(s, "ValueFrom") != "arn" || member(s, "Value") != nil || member(variable("V", "x"), "Value") != "x" {
		t.Error("the members of a variable or a secret are not read back")
	}
	got := map[string]any{}
	eachMember(s, func(k string, v any) { got[k] = v })
	if diff := cmp.Diff(map[string]any{"Name": "S", "ValueFrom": "arn"}, got); diff != "" {
		t.Errorf("eachMember of a secret (-want +got):\n%s", diff)
	}
}

// TestMk: mk holds members as fields do, whatever their number.
func TestMk(t *testing.T) {
	var ps []pair
	for i := range 10 {
		got := mk(ps...)
		if diff := cmp.Diff(compactJSON(fields(ps)), compactJSON(got)); diff != "" {
			t.Errorf("%d members (-fields +mk):\n%s", i, diff)
		}
		for _, p := range ps {
			if member(got, p.key) != p.val {
				t.Errorf("%d members: member %s is %v", i, p.key, member(got, p.key))
			}
		}
		ps = append(ps, pair{string(rune('j' - i)), i})
	}
}

// TestFieldsSet: setting a member of fields being built replaces it, as
// assigning to a map's key does, and del removes it.
func TestFieldsSet(t *testing.T) {
	f := fields{{"A", 1}, {"B", 2}}
	f.set("B", 3)
	f.set("C", 4)
	f.del("A")
	f.del("missing")
	if got, want := compactJSON(f), `{"B":3,"C":4}`; got != want {
		t.Errorf("fields = %s, want %s", got, want)
	}
}

// TestServiceTrust: a service's shared trust document is the one trust
// builds, and it is built once.
func TestServiceTrust(t *testing.T) {
	for _, service := range []string{"ecs-tasks.amazonaws.com", "states.amazonaws.com"} {
		got := serviceTrust(service)
		if compactJSON(got) != compactJSON(trust(servicePrincipal(service))) {
			t.Errorf("%s: %s, want %s", service, compactJSON(got), compactJSON(trust(servicePrincipal(service))))
		}
		again := serviceTrust(service)
		if got != again {
			t.Errorf("%s: built twice", service)
		}
	}
}

// TestLogConfigurationShared: containers' log configuration, shared per
// region, names its region.
func TestLogConfigurationShared(t *testing.T) {
	for _, region := range []string{"eu-west-1", "us-east-1", "eu-west-1"} {
		ws := &workloadStack{env: &schema.Environment{Region: region}}
		want := `{"LogDriver":"awslogs","Options":{"awslogs-group":{"Ref":"LogGroup"},"awslogs-region":"` + region + `","awslogs-stream-prefix":"copilot"}}`
		if got := compactJSON(ws.logConfiguration()); got != want {
			t.Errorf("%s: %s, want %s", region, got, want)
		}
	}
}
