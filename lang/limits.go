package lang

import (
	"errors"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// The limits of evaluation. A flightplan file is a program, and one line
// of it can ask for more memory or time than the machine has
// (setproduct(range(100), range(100), …), for expressions nested over
// large lists, deeply nested brackets). These bound what one Load may do;
// each is far above what a real configuration needs, and each is reported
// as an error at the expression that crossed it. docs/language.md lists
// them under "Limits".
const (
	// MaxFileSize is the largest file Load reads, in bytes: the
	// configuration, a variables file, and the files of file() and
	// templatefile().
	MaxFileSize = 1 << 20
	// MaxNesting is the deepest an expression may nest brackets, quotes,
	// interpolations, template directives and operators.
	MaxNesting = 100
	// MaxElements is the most elements one value may hold, counting the
	// elements of nested collections: a function's result, a for
	// expression's collection, a local value, an attribute.
	MaxElements = 10_000
	// MaxStringBytes is the longest string one value may hold.
	MaxStringBytes = 1 << 20
	// MaxSteps is the total work of one Load: each element a for
	// expression visits or builds, each value a function receives or
	// returns and each interpolation of a template counts one step per
	// element and per 64 bytes of text.
	MaxSteps = 500_000
)

// limitError is a limit crossed during evaluation; it becomes a diagnostic
// at the expression that crossed it.
type limitError struct {
	summary string
	detail  string
	work    bool // the budget of steps is used up
}

func (e *limitError) Error() string { return e.detail }

// tooManyElements says that what would hold n elements; n is a float
// because the estimate can pass every integer type.
func tooManyElements(what string, n float64) *limitError {
	return &limitError{summary: "Collection too large", detail: fmt.Sprintf(
		"%s would hold %.0f elements; flightplan allows at most %d in one value, so that a file cannot exhaust memory. "+
			"Use smaller collections.", what, n, MaxElements)}
}

func overElements(what string) *limitError {
	return &limitError{summary: "Collection too large", detail: fmt.Sprintf(
		"%s holds more than %d elements, counting the elements of nested collections; flightplan allows at most %d in one value, "+
			"so that a file cannot exhaust memory. Use smaller collections.", what, MaxElements, MaxElements)}
}

func stringTooLong(what string, n int) *limitError {
	return &limitError{summary: "String too long", detail: fmt.Sprintf(
		"%s would be %d bytes long; flightplan allows at most %d bytes in one string, so that a file cannot exhaust memory.",
		what, n, MaxStringBytes)}
}

var errTooMuchWork = &limitError{summary: "Evaluation takes too long", detail: fmt.Sprintf(
	"Evaluating the file stopped here, after %d steps (elements visited by for expressions, and values passed to and from functions), "+
		"the most flightplan does for one file, so that a file cannot run for ever. "+
		"Look for for expressions nested over large collections, or functions applied to large values, and make them smaller.", MaxSteps),
	work: true}

// budget counts the work of one Load. A Load runs on one goroutine, so the
// budget needs no lock.
type budget struct {
	steps    int
	reported bool // the exhaustion has been reported once
	// stepFuncs are the stepFunc functions that charge this budget (see
	// stepExpr).
	stepFuncs []function.Function
}

// chargedBy reports whether f, found (ok), is a stepFunc that charges b.
func (b *budget) chargedBy(f function.Function, ok bool) bool {
	return ok && b != nil && slices.Contains(b.stepFuncs, f)
}

// exhausted reports whether the budget is used up.
func (b *budget) exhausted() bool {
	return b.steps > stepLimit
}

// stepLimit is MaxSteps; tests lower it to use the budget up quickly.
var stepLimit = MaxSteps

// charge adds n steps; it fails once the total passes MaxSteps.
func (b *budget) charge(n int) error {
	if b.exhausted() {
		return errTooMuchWork
	}
	b.steps += min(n, stepLimit+1)
	if b.exhausted() {
		return errTooMuchWork
	}
	return nil
}

// chargeValue charges the size of v, measured no further than the budget
// left, so that measuring is itself bounded.
func (b *budget) chargeValue(v cty.Value) error {
	return b.charge(valueSize(v, stepLimit-b.steps+1))
}

// valueSize is the size of v in steps: one per value, and one per 64 bytes
// of text. It stops counting past limit.
func valueSize(v cty.Value, limit int) int {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return 1
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return 1 + len(v.AsString())/64
	case ty.IsObjectType():
		// By name, in the iterator's order: it would make a key value for
		// each attribute.
		n := 1
		for _, name := range sortedNames(ty.AttributeTypes()) {
			if n > limit {
				break
			}
			n += valueSize(v.GetAttr(name), limit-n)
		}
		return n
	case ty.IsCollectionType() || ty.IsTupleType():
		n := 1
		for it := v.ElementIterator(); it.Next() && n <= limit; {
			_, el := it.Element()
			n += valueSize(el, limit-n)
		}
		return n
	}
	return 1
}

// checkValue checks that v holds at most MaxElements elements, counted
// through nested collections, and no string longer than MaxStringBytes.
func checkValue(v cty.Value, what string) error {
	n, err := countElements(v, what, 0)
	if err != nil {
		return err
	}
	if n > MaxElements {
		return overElements(what)
	}
	return nil
}

// countElements adds the elements of v to n, stopping past MaxElements.
func countElements(v cty.Value, what string, n int) (int, error) {
	v, _ = v.Unmark()
	if !v.IsKnown() || v.IsNull() {
		return n, nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		if l := len(v.AsString()); l > MaxStringBytes {
			return n, stringTooLong(what, l)
		}
	case ty.IsObjectType():
		for _, name := range sortedNames(ty.AttributeTypes()) { // as valueSize
			if n > MaxElements {
				break
			}
			var err error
			if n, err = countElements(v.GetAttr(name), what, n+1); err != nil {
				return n, err
			}
		}
	case ty.IsCollectionType() || ty.IsTupleType():
		for it := v.ElementIterator(); it.Next() && n <= MaxElements; {
			_, el := it.Element()
			var err error
			if n, err = countElements(el, what, n+1); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// limitDiags turns the diagnostics of a function that failed on a limit
// into the limit's own message, at the same place, and keeps only the first
// report of the budget used up (evaluation stops there, but an expression
// in progress fails at every step left); the others are returned as they
// are.
func limitDiags(diags hcl.Diagnostics, b *budget) hcl.Diagnostics {
	out := diags[:0:0]
	for _, d := range diags {
		le := limitOf(d)
		switch {
		case le == nil:
			out = append(out, d)
		case le.work && b.reported:
		default:
			b.reported = b.reported || le.work
			c := *d
			c.Summary, c.Detail, c.Extra = le.summary, le.detail, nil
			out = append(out, &c)
		}
	}
	return out
}

// limitOf returns the limit a function call's diagnostic reports, or nil.
func limitOf(d *hcl.Diagnostic) *limitError {
	extra, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallDiagExtra](d)
	var le *limitError
	if !ok || !errors.As(extra.FunctionCallError(), &le) {
		return nil
	}
	return le
}
