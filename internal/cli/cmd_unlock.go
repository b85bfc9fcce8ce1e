package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"flightplan/executor"
	"flightplan/view"
)

func unlockCommand() *command {
	return &command{
		name:    "unlock",
		summary: "Remove a stale lock left by an apply or destroy that died.",
		usage:   "flightplan unlock LOCK-ID",
		example: "  flightplan unlock 3f9c2a7e   # the ID that the refused apply printed",
		setup: func(fs *pflag.FlagSet) runFunc {
			return func(e *env, args []string) (int, error) { return runUnlock(e, args) }
		},
	}
}

func runUnlock(e *env, args []string) (int, error) {
	if len(args) != 1 {
		return exitError, errors.New("unlock needs exactly one argument: the lock ID that the refused run printed")
	}
	cfg, err := e.load()
	if err != nil {
		return exitError, err
	}
	p, stop, err := e.provider()
	if err != nil {
		return exitError, err
	}
	defer stop()
	if err := executor.Unlock(e.ctx, p, appTarget(cfg), cfg.App.Name, args[0]); err != nil {
		return exitError, err
	}
	_ = view.WriteUnlocked(e.stdout, args[0], cfg.App.Name)
	return exitOK, nil
}

// unlockCommand is the command line that releases lock id of this run's
// application: the global flags the run was given, so that it loads the
// same file against the same account (a sensitive --var value is not
// repeated: the user must give it again).
func (e *env) unlockCommand(id string, sensitive []string) string {
	words := []string{"flightplan"}
	flag := func(name, value string) {
		if f := e.gfs.Lookup(name); f != nil && f.Changed {
			words = append(words, value)
		}
	}
	flag("chdir", "--chdir "+shellQuote(e.g.Chdir))
	flag("file", "-f "+shellQuote(e.g.File))
	flag("sim", "--sim "+shellQuote(e.g.Sim))
	for _, v := range e.g.VarFiles {
		words = append(words, "--var-file "+shellQuote(v))
	}
	for _, v := range e.g.Vars {
		words = append(words, "--var "+shellQuote(maskSensitiveVar(v, sensitive)))
	}
	return strings.Join(append(words, "unlock", id), " ")
}

// maskSensitiveVar replaces the value of a name=value --var by
// "(sensitive)" when it is one of the sensitive values.
func maskSensitiveVar(v string, sensitive []string) string {
	name, value, _ := strings.Cut(v, "=")
	if slices.Contains(sensitive, value) {
		return name + "=(sensitive)"
	}
	return v
}

// shellQuote quotes s for a POSIX shell when it holds anything but
// letters, digits and -_./:=@,+
func shellQuote(s string) string {
	safe := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@,+", r))
	}) < 0
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
