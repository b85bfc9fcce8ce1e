package view

import (
	"errors"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"
)

// DiagnosticsError is an error made of diagnostics, with the source files
// their ranges point into so that WriteError can show the snippets.
type DiagnosticsError struct {
	Files       map[string][]byte
	Diagnostics hcl.Diagnostics
}

func (e *DiagnosticsError) Error() string { return e.Diagnostics.Error() }

// HintError is an error followed by what to do about it.
type HintError struct {
	Err  error
	Hint string // whole lines, each ending in a newline
}

// WithHint returns err followed, after a blank line, by hint when WriteError
// writes it.
func WithHint(err error, hint string) error { return &HintError{Err: err, Hint: hint} }

func (e *HintError) Error() string { return e.Err.Error() }
func (e *HintError) Unwrap() error { return e.Err }

// WriteError writes err for a person: diagnostics as WriteDiagnostics does
// (color adds ANSI colours), anything else as one "Error: message" line,
// followed by the hint of a HintError in its chain. An error that joins
// several (errors.Join) is written as each of them in turn. It is the one
// place that writes a failure of the command line.
func WriteError(w io.Writer, err error, color bool) error {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			if werr := WriteError(w, e, color); werr != nil {
				return werr
			}
		}
		return nil
	}
	var diags *DiagnosticsError
	if errors.As(err, &diags) {
		return WriteDiagnostics(w, diags.Files, diags.Diagnostics, color, 0)
	}
	if _, werr := fmt.Fprintf(w, "Error: %v\n", err); werr != nil {
		return werr
	}
	var hinted *HintError
	if errors.As(err, &hinted) && hinted.Hint != "" {
		_, werr := fmt.Fprintf(w, "\n%s", hinted.Hint)
		return werr
	}
	return nil
}
