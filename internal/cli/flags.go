package cli

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"flightplan/addr"
)

// globals are the flags every command accepts, before or after its name.
type globals struct {
	File     string
	Chdir    string
	Sim      string
	Vars     []string
	VarFiles []string
	NoColor  bool
	Debug    bool
}

func (g *globals) flags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("global", pflag.ContinueOnError)
	fs.StringVarP(&g.File, "file", "f", "flightplan.hcl", "the configuration file")
	fs.StringVar(&g.Chdir, "chdir", "", "switch to this folder before doing anything")
	fs.StringVar(&g.Sim, "sim", "", "use the AWS simulator: a state folder (in-process) or http://host:port (a running one)")
	fs.StringArrayVar(&g.Vars, "var", nil, "set a variable: --var name=value (repeatable)")
	fs.StringArrayVar(&g.VarFiles, "var-file", nil, "read variables from a file (repeatable)")
	fs.BoolVar(&g.NoColor, "no-color", false, "never colour the output (NO_COLOR does the same)")
	fs.BoolVar(&g.Debug, "debug", false, "write the AWS SDK's requests, responses and retries to stderr (FLIGHTPLAN_LOG=debug does the same)")
	return fs
}

// planInput are the flags that shape a plan.
type planInput struct {
	Targets     []string
	Parallelism int
	ImageTag    string
	Destroy     bool
}

func addPlanInputFlags(fs *pflag.FlagSet, in *planInput) {
	fs.StringArrayVar(&in.Targets, "target", nil, "plan only this node and what it depends on (repeatable), e.g. deploy/test/api")
	fs.IntVar(&in.Parallelism, "parallelism", 10, "AWS calls and stack operations in flight at once")
	fs.StringVar(&in.ImageTag, "image-tag", "", "tag of built images (default: FLIGHTPLAN_IMAGE_TAG, the git commit, or a content hash)")
}

// applyInput are the flags that shape an apply or a destroy.
type applyInput struct {
	AutoApprove bool
	LockTimeout time.Duration
	// NoRollback and RevertDrift are apply's only (addModeFlags).
	NoRollback  bool
	RevertDrift bool
}

// addModeFlags adds apply's flags that change how CloudFormation deploys.
func addModeFlags(fs *pflag.FlagSet, a *applyInput) {
	fs.BoolVar(&a.NoRollback, "no-rollback", false, "leave a stack whose operation fails in CREATE_FAILED or UPDATE_FAILED, keeping what was provisioned; the next apply retries")
	fs.BoolVar(&a.RevertDrift, "revert-drift", false, "make drift-aware change sets: updates also put properties changed outside flightplan back")
}

func addApplyInputFlags(fs *pflag.FlagSet, a *applyInput) {
	fs.BoolVar(&a.AutoApprove, "auto-approve", false, "do not ask for confirmation")
	fs.BoolVar(&a.AutoApprove, "yes", false, "same as --auto-approve")
	fs.DurationVar(&a.LockTimeout, "lock-timeout", 0, "wait this long for another run's lock (e.g. 5m); default: fail at once")
}

// parseTargets parses the --target flags.
func parseTargets(ss []string) ([]addr.Address, error) {
	var out []addr.Address
	for _, s := range ss {
		a, err := addr.Parse(s)
		if err != nil {
			return nil, fmt.Errorf("--target: %w", err)
		}
		out = append(out, a)
	}
	return out, nil
}
