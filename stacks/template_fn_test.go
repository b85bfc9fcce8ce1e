package stacks

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
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

// TestCompactFormsAsObjects: an intrinsic function's compact form is
// written, sized and marshalled as the object it stands for, alone and
// nested, with strings that need escaping.
func TestCompactFormsAsObjects(t *testing.T) {
	var values []any
	for _, s := range []string{"", "Name", "quote \" back \\ tab \t", "<html> & é \u2028", "bad \xff"} {
		values = append(values, ref(s), getAtt(s, "Arn"), getAtt("R", s), sub("${AWS::Region}-"+s), importValue(s),
			join(s, "a", ref(s)), joinList(s, split(",", importValue(s))), join(s), joinList(s, list(nil)))
	}
	values = append(values,
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
