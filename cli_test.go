package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the testscript scripts run the real command in-process as
// "flightplan".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"flightplan": main,
	})
}

// TestScripts runs every user story under testdata/script: one txtar file
// per story, each running the real command against an in-process simulator.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			wd, err := os.Getwd()
			if err != nil {
				return err
			}
			env.Setenv("EXAMPLES", wd+"/testdata/examples")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}
