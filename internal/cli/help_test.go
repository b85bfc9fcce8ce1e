package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Every command answers --help with its usage, its flags and an example.
func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Main(context.Background(), []string{c.name, "--help"}, Stdio{In: strings.NewReader(""), Out: &out, Err: &errOut}, Signals{})
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errOut.String())
			}
			for _, want := range []string{"Usage: flightplan", "Flags:", "Example:", "flightplan " + c.name} {
				if !strings.Contains(out.String(), want) {
					t.Errorf("help lacks %q:\n%s", want, out.String())
				}
			}
		})
	}
}
