package lang

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"flightplan/schema"
)

// functions returns the function library of the language: go-cty's
// standard library under Terraform's names, try and can, base64, and file
// and templatefile, which read files inside dir only. Every function, and
// those templates see, is charged to b and checked against the limits of
// one value (see limited).
func functions(dir string, b *budget) map[string]function.Function {
	return functionsMarks(dir, b, false)
}

// functionsMarks is functions; unmarked is limitedMarks's, for evaluations
// where no value is marked.
func functionsMarks(dir string, b *budget, unmarked bool) map[string]function.Function {
	fs := pureFunctions()
	fs["file"] = fileFunc(dir)
	fs["import_value"] = importValueFunc
	fs["templatefile"] = templateFileFunc(dir, limited(pureFunctions(), b), b)
	return limitedMarks(fs, b, unmarked)
}

func pureFunctions() map[string]function.Function {
	return map[string]function.Function{
		"abs": stdlib.AbsoluteFunc, "base64decode": base64DecodeFunc, "base64encode": base64EncodeFunc,
		"can": tryfunc.CanFunc, "ceil": stdlib.CeilFunc, "chomp": stdlib.ChompFunc, "chunklist": stdlib.ChunklistFunc,
		"coalesce": stdlib.CoalesceFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
		"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "csvdecode": stdlib.CSVDecodeFunc,
		"distinct": stdlib.DistinctFunc, "element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc,
		"floor": stdlib.FloorFunc, "format": stdlib.FormatFunc, "formatdate": stdlib.FormatDateFunc,
		"formatlist": stdlib.FormatListFunc, "indent": stdlib.IndentFunc, "index": stdlib.IndexFunc,
		"join": stdlib.JoinFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
		"keys": stdlib.KeysFunc, "length": stdlib.LengthFunc, "log": stdlib.LogFunc, "lookup": stdlib.LookupFunc,
		"lower": stdlib.LowerFunc, "max": stdlib.MaxFunc, "merge": stdlib.MergeFunc, "min": stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc, "range": stdlib.RangeFunc, "regex": stdlib.RegexFunc,
		"regexall": stdlib.RegexAllFunc, "replace": stdlib.ReplaceFunc, "reverse": stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc, "setproduct": stdlib.SetProductFunc,
		"setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc, "signum": stdlib.SignumFunc,
		"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "split": stdlib.SplitFunc, "strlen": stdlib.StrlenFunc,
		"strrev": stdlib.ReverseFunc, "substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "tolist": toFunc(cty.List(cty.DynamicPseudoType)),
		"tomap": toFunc(cty.Map(cty.DynamicPseudoType)), "tonumber": toFunc(cty.Number), "toset": toFunc(cty.Set(cty.DynamicPseudoType)),
		"tostring": toFunc(cty.String), "tobool": toFunc(cty.Bool), "trim": stdlib.TrimFunc, "trimprefix": stdlib.TrimPrefixFunc,
		"trimspace": stdlib.TrimSpaceFunc, "trimsuffix": stdlib.TrimSuffixFunc, "try": tryfunc.TryFunc,
		"upper": stdlib.UpperFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
		"timeadd": stdlib.TimeAddFunc,
	}
}

func toFunc(ty cty.Type) function.Function {
	return stdlib.MakeToFunc(ty)
}

var base64EncodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		return cty.StringVal(base64.StdEncoding.EncodeToString([]byte(args[0].AsString()))), nil
	},
})

var base64DecodeFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "str", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		b, err := base64.StdEncoding.DecodeString(args[0].AsString())
		if err != nil {
			return cty.NilVal, fmt.Errorf("invalid base64: %w", err)
		}
		if !utf8.Valid(b) {
			return cty.NilVal, fmt.Errorf("the decoded bytes are not UTF-8 text")
		}
		return cty.StringVal(string(b)), nil
	},
})

// readInside reads a file named relative to dir, refusing any path that
// leaves dir (after resolving symbolic links), so that a configuration
// cannot read arbitrary files of the machine that runs it.
func readInside(dir, name string) (string, error) {
	if filepath.IsAbs(name) {
		return "", fmt.Errorf("%q is an absolute path; name files relative to the configuration's folder", name)
	}
	path := filepath.Join(dir, name)
	if !inside(dir, path) {
		return "", fmt.Errorf("%q is outside the configuration's folder; only files inside it can be read", name)
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		if realDir, err := filepath.EvalSymlinks(dir); err == nil && !inside(realDir, real) {
			return "", fmt.Errorf("%q links outside the configuration's folder; only files inside it can be read", name)
		}
	}
	b, err := readLimited(path)
	if err != nil {
		return "", fmt.Errorf("cannot read %q: %w", name, unwrapPathError(err))
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("%q is not UTF-8 text", name)
	}
	return string(b), nil
}

func inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func fileFunc(dir string) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			s, err := readInside(dir, args[0].AsString())
			if err != nil {
				return cty.NilVal, err
			}
			return cty.StringVal(s), nil
		},
	})
}

// templateFileFunc renders a file as an HCL template with the given
// variables. Templates get the pure functions only: no file reads from
// inside a template, which keeps rendering free of recursion.
func templateFileFunc(dir string, fs map[string]function.Function, b *budget) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return renderTemplate(dir, args[0].AsString(), args[1], fs, b)
		},
	})
}

func renderTemplate(dir, name string, vars cty.Value, fs map[string]function.Function, b *budget) (cty.Value, error) {
	src, err := readInside(dir, name)
	if err != nil {
		return cty.NilVal, err
	}
	if vars.IsNull() || !(vars.Type().IsObjectType() || vars.Type().IsMapType()) {
		return cty.NilVal, fmt.Errorf("the second argument of templatefile must be an object of variables, like { name = \"api\" }")
	}
	path := filepath.Join(dir, name)
	if diags := checkTemplateNesting([]byte(src), path, hcl.InitialPos); diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %q: %s", name, diags.Error())
	}
	expr, diags := hclsyntax.ParseTemplate([]byte(src), path, hcl.InitialPos)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %q: %s", name, diags.Error())
	}
	instrument(expr, b)
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: fs}
	v, diags := expr.Value(ctx)
	if le := templateLimit(diags, name); le != nil {
		return cty.NilVal, le
	}
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %q: %s", name, diags.Error())
	}
	return v, nil
}

// templateLimit returns the limit a template crossed, if any, saying where
// in the template.
func templateLimit(diags hcl.Diagnostics, name string) *limitError {
	for _, d := range diags {
		le := limitOf(d)
		if le == nil {
			continue
		}
		c := *le
		if d.Subject != nil {
			c.detail += fmt.Sprintf(" (In the template %s, line %d.)", name, d.Subject.Start.Line)
		}
		return &c
	}
	return nil
}

// importValueFunc is import_value("EXPORT"): the value another
// CloudFormation stack exports under that name (Copilot's from_cfn). It
// evaluates to a marker (schema.ImportMarker) that the compiler turns into
// Fn::ImportValue.
var importValueFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "name", Type: cty.String}},
	Type:   function.StaticReturnType(cty.String),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		name := args[0].AsString()
		if err := schema.CheckExportName(name); err != nil {
			return cty.NilVal, err
		}
		return cty.StringVal(schema.ImportMarker(name)), nil
	},
})
