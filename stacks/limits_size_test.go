package stacks

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestCompactSize checks the one-pass count against encoding/json's
// Compact, on compiled templates and on strings holding spaces, escaped
// quotes and backslashes.
func TestCompactSize(t *testing.T) {
	docs := [][]byte{
		[]byte("{\n  \"a\": \"x y\\\" z\\\\\",\n  \"b\": [ 1, 2 ,\t{\"c d\": \"\\\\\"} ]\n}\n"),
		[]byte(`["\"", " ", "\\\\ \\"]`),
	}
	d, err := Compile(generatedConfig(3, 2), Options{ImageTag: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range d.Nodes {
		if n.Stack != nil {
			docs = append(docs, n.Stack.Template)
		}
	}
	for _, doc := range docs {
		var buf bytes.Buffer
		if err := json.Compact(&buf, doc); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if got := compactSize(doc); got != buf.Len() {
			t.Errorf("compactSize = %d, json.Compact gives %d bytes, of:\n%.200s", got, buf.Len(), doc)
		}
	}
	if got := compactSize([]byte("Resources: {}\n")); got != 14 {
		t.Errorf("a template that is not JSON counts %d bytes, want its length 14", got)
	}
}
