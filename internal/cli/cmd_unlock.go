package cli

import (
	"errors"

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
