package cli

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

func TestSingleDashLongFlags(t *testing.T) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.StringP("file", "f", "", "")
	fs.String("out", "", "")
	fs.StringArray("var", nil, "")
	fs.Bool("auto-approve", false, "")
	for name, tc := range map[string]struct{ in, want []string }{
		"with =":              {[]string{"-out=p.plan"}, []string{"--out=p.plan"}},
		"bool":                {[]string{"-auto-approve", "p.plan"}, []string{"--auto-approve", "p.plan"}},
		"value after":         {[]string{"-var", "k=v"}, []string{"--var", "k=v"}},
		"value like a flag":   {[]string{"--out", "-out"}, []string{"--out", "-out"}},
		"shorthand kept":      {[]string{"-f", "-", "-out", "x"}, []string{"-f", "-", "--out", "x"}},
		"unknown left alone":  {[]string{"-outt=x"}, []string{"-outt=x"}},
		"after -- left alone": {[]string{"--", "-out=x"}, []string{"--", "-out=x"}},
		"double dash kept":    {[]string{"--out=x"}, []string{"--out=x"}},
	} {
		t.Run(name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, singleDashLongFlags(fs, tc.in)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
