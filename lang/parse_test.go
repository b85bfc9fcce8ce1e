package lang

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// largeFile is a file of n services over three environments, with locals,
// variables, strings holding braces and comments between the blocks.
func largeFile(n int) string {
	var s strings.Builder
	s.WriteString("app \"big\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n")
	for e := range 3 {
		fmt.Fprintf(&s, "environment \"env-%d\" {\n  account = \"%012d\"\n}\n", e, 100000000000+e)
	}
	s.WriteString("locals {\n  tag = \"v1\"\n  sizes = { small = 256, large = 1024 }\n}\n")
	for i := range n {
		fmt.Fprintf(&s, "# service %d {\n", i)
		fmt.Fprintf(&s, "service \"svc-%d\" {\n  type  = \"backend\"\n  image = \"public.ecr.aws/x/y:${local.tag}\"\n", i)
		s.WriteString("  count = env.name == \"env-0\" ? 3 : 1\n  variables = {\n    NAME = \"${env.name}-{x}\"\n    N = \"${upper(env.name)}\"\n  }\n")
		s.WriteString("  memory = local.sizes[\"small\"] /* } */\n}\n")
	}
	return s.String()
}

// parseWhole is the parser's body of the whole of src.
func parseWhole(t *testing.T, src []byte) *hclsyntax.Body {
	t.Helper()
	f, diags := hclsyntax.ParseConfig(src, "x.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return f.Body.(*hclsyntax.Body)
}

// TestParsePartsSameAsWhole: a file parsed in parts, cut at every
// top-level item or every few hundred bytes, gives the body the whole
// file's parse gives, for every valid .hcl file of the repository and a
// large generated file.
func TestParsePartsSameAsWhole(t *testing.T) {
	files, _ := filepath.Glob("../testdata/examples/*/*.hcl")
	more, _ := filepath.Glob("testdata/*/*.hcl")
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("only %d files", len(files))
	}
	sources := map[string][]byte{"generated": []byte(largeFile(50))}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, diags := hclsyntax.ParseConfig(src, "x.hcl", hcl.InitialPos); !diags.HasErrors() {
			sources[f] = src
		}
	}
	cut := 0
	for name, src := range sources {
		want := parseWhole(t, src)
		for _, every := range []int{1, 300} {
			_, ok, splits := nestingScan(src, MaxNesting, every)
			if !ok || len(splits) == 0 {
				continue
			}
			cut++
			got := parseParts(src, "x.hcl", splits)
			if got == nil {
				t.Errorf("%s (every %d): the parts did not parse", name, every)
				continue
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s (every %d): the parts' body differs from the whole file's\nwant range %v, got %v", name, every, want.SrcRange, got.SrcRange)
			}
		}
	}
	if cut < 10 {
		t.Errorf("only %d files were cut", cut)
	}
}

// TestParsePartsLeavesErrorsToTheWhole: when a part does not parse, or two
// parts set one attribute, the file is parsed whole and its diagnostics
// are the parser's.
func TestParsePartsLeavesErrorsToTheWhole(t *testing.T) {
	src := largeFile(400)
	for name, broken := range map[string]string{
		"error": strings.Replace(src, "service \"svc-200\" {", "service \"svc-200\" {\n  = 1", 1),
		"twice": "x = 1\n" + src + "x = 2\n",
	} {
		_, ok, splits := nestingScan([]byte(broken), MaxNesting, len(broken)/4)
		if !ok || len(splits) < 3 {
			t.Fatalf("%s: not cut (%v, %d)", name, ok, len(splits))
		}
		if parseParts([]byte(broken), "x.hcl", splits) != nil {
			t.Errorf("%s: the parts were joined", name)
		}
		_, want := hclsyntax.ParseConfig([]byte(broken), "x.hcl", hcl.InitialPos)
		_, got := parseNative([]byte(broken), "x.hcl")
		if !want.HasErrors() || want.Error() != got.Error() {
			t.Errorf("%s: diagnostics %q, want the parser's %q", name, got.Error(), want.Error())
		}
	}
}

// TestParseNativeLarge: a large file, parsed in parts by one worker or by
// several, gives the body the whole file's parse gives.
func TestParseNativeLarge(t *testing.T) {
	src := []byte(largeFile(400))
	if len(src) < splitParseMin {
		t.Fatalf("the file is %d bytes, under %d", len(src), splitParseMin)
	}
	if _, ok, splits := nestingScan(src, MaxNesting, parsePartSize); !ok || len(splits) < len(src)/parsePartSize/2 {
		t.Fatalf("not cut in parts of about %d bytes (%v, %d parts)", parsePartSize, ok, len(splits)+1)
	}
	f, diags := hclsyntax.ParseConfig(src, "x.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	whole, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		t.Fatal("not a native body")
	}
	saved := parseWorkers
	defer func() { parseWorkers = saved }()
	for _, workers := range []int{1, 4} {
		parseWorkers = func(int) int { return workers }
		parts, diags := parseNative(src, "x.hcl")
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		if !reflect.DeepEqual(hcl.Body(whole), parts) {
			t.Fatalf("%d workers: the parts' body differs from the whole file's", workers)
		}
	}
}
