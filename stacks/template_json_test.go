package stacks

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

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

// plainBytes is plain's definition, byte by byte.
func plainBytes(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

// awkwardStrings are strings with every byte, and runes that JSON escapes
// or that are not UTF-8, at every position of words of eight bytes and
// across their boundaries.
func awkwardStrings() []string {
	var out []string
	inserts := []string{"é", "日", "\u2028", "\u2029", "\ufffd", "\xff", "\xe2\x80", "\U0001F600", "\x7f", "~"}
	for b := range 256 {
		inserts = append(inserts, string([]byte{byte(b)}))
	}
	for n := range 20 {
		for at := 0; at <= n; at++ {
			for _, in := range inserts {
				s := strings.Repeat("a", at) + in + strings.Repeat("z", n-at)
				out = append(out, s, strings.Repeat("0123456789", 3)+s)
			}
		}
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			if rnd.IntN(8) == 0 {
				b[i] = byte(rnd.IntN(256))
			} else {
				b[i] = byte(0x20 + rnd.IntN(0x5f))
			}
		}
		out = append(out, string(b))
	}
	return out
}

// TestPlainByWords: plain, eight bytes at a time, is its byte-wise
// definition.
func TestPlainByWords(t *testing.T) {
	for _, s := range awkwardStrings() {
		if got, want := plain(s), plainBytes(s); got != want {
			t.Errorf("plain(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestQuotedSize: the size of a string counted without writing it is that
// of encoding/json's writing.
func TestQuotedSize(t *testing.T) {
	for _, s := range awkwardStrings() {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := stringSize(s), b.Len()-1; got != want {
			t.Errorf("stringSize(%q) = %d, want %d (%s)", s, got, want, b.String())
		}
	}
}

// TestWriteEscaped: strings are written with encoding/json's escapes, HTML
// characters unescaped, whether they need escaping or not.
func TestWriteEscaped(t *testing.T) {
	for _, s := range awkwardStrings() {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		var escaped, written jsonWriter
		writeEscaped(&escaped, s)
		writeString(&written, s)
		for _, got := range []string{escaped.String(), written.String()} {
			if got != strings.TrimSuffix(want.String(), "\n") {
				t.Errorf("%q written %s, want %s", s, got, want.String())
			}
		}
	}
}
