package stacks

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCanonicalJSONMatchesEncodingJSON holds canonicalJSON and compactJSON
// to their promise: the bytes encoding/json's encoder writes, indenting or
// not.
func TestCanonicalJSONMatchesEncodingJSON(t *testing.T) {
	deep := any("leaf")
	for range 40 {
		deep = list{obj{"k": deep}}
	}
	tests := map[string]any{
		"empty object":  obj{},
		"empty list":    list{},
		"nil list":      list(nil),
		"nil strings":   obj{"a": []string(nil)},
		"scalars":       obj{"b": true, "i": -3, "f": 2.5, "whole": 70.0, "tiny": 1e-9, "huge": 1e22, "n": nil},
		"escapes":       list{"quote\"back\\slash", "tab\tnew\nline", "\x01ctl", "<html>&", "line\u2028sep", "bad\xffutf8", "日本語"},
		"nested":        obj{"z": list{obj{"y": list{1, "x", obj{}}}}, "a": map[string]string{"k": "v", "b": "c"}},
		"deep":          deep,
		"struct":        obj{"doc": envDocument{App: "a", Name: "n"}},
		"string list":   []string{"a", "b"},
		"intrinsic":     getAtt("A", "Arn"),
		"large integer": obj{"n": math.MaxInt32},
		"fields":        list{fields{{"b", list{1.5, 1e-9}}, {"a", fields{}}}, obj{"s": struct{ F fields }{fields{{"x", nil}}}}},
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), string(canonicalJSON(v))); diff != "" {
				t.Errorf("(-encoding/json +canonicalJSON):\n%s", diff)
			}
			var compact bytes.Buffer
			enc = json.NewEncoder(&compact)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.TrimSuffix(compact.String(), "\n"), compactJSON(v)); diff != "" {
				t.Errorf("(-encoding/json +compactJSON):\n%s", diff)
			}
		})
	}
}

func TestPlain(t *testing.T) {
	for s, want := range map[string]bool{"abc": true, "a\"b": false, strings.Repeat("x", 100) + "\n": false, "é": true, "\xff": false} {
		if got := plain(s); got != want {
			t.Errorf("plain(%q) = %v", s, got)
		}
	}
}
