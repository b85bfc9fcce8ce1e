package cli

import (
	"strings"

	"github.com/spf13/pflag"
)

// singleDashLongFlags rewrites Terraform's spelling of long flags
// (`-out=p.plan`, `-auto-approve`, `-var k=v`) into pflag's (`--out=p.plan`),
// so that people coming from Terraform type what they are used to. Only an
// argument whose name (up to '=') is a long flag of fs is rewritten: a
// shorthand (`-f`), a cluster of shorthands, a value such as `-` (standard
// input) and everything after `--` are left as they are, and so is the
// value that follows a flag which takes one.
func singleDashLongFlags(fs *pflag.FlagSet, args []string) []string {
	out := make([]string, 0, len(args))
	takesValue := false
	for i, arg := range args {
		if arg == "--" {
			return append(out, args[i:]...)
		}
		if takesValue {
			out, takesValue = append(out, arg), false
			continue
		}
		name, hasValue := longName(arg)
		f := fs.Lookup(name)
		if len(name) == 1 && !strings.HasPrefix(arg, "--") {
			f = fs.ShorthandLookup(name)
		} else if f != nil && !strings.HasPrefix(arg, "--") {
			arg = "-" + arg
		}
		takesValue = f != nil && !hasValue && f.NoOptDefVal == ""
		out = append(out, arg)
	}
	return out
}

// longName is the flag name of an argument written with one or two dashes
// ("-out=p.plan" → "out", true), or "" for an argument that is not a flag.
func longName(arg string) (string, bool) {
	if !strings.HasPrefix(arg, "-") || arg == "-" {
		return "", false
	}
	name := strings.TrimLeft(arg, "-")
	name, _, hasValue := strings.Cut(name, "=")
	return name, hasValue
}
