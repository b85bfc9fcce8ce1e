package drift

import (
	"time"

	"flightplan/addr"
)

// Options tune Detect. The zero value is valid.
type Options struct {
	// Targets limits the check to these nodes (--target, repeatable);
	// empty checks every node, desired or live. A target that is neither
	// declared nor live is an error.
	Targets []addr.Address
	// Parallelism bounds the stacks checked at once (default 10).
	Parallelism int
	// CallsPerSecond is the CloudFormation call budget per account and
	// region, shared by every stack there (default 5, as apply's: about
	// half of CloudFormation's Describe quota, so other tools keep some).
	CallsPerSecond float64
	// PollInterval is the first wait before asking whether a detection has
	// finished (default 2s); each further wait is half again as long, up to
	// eight times PollInterval.
	PollInterval time.Duration
	// StackTimeout bounds one stack's detection (default 10m); a detection
	// that takes longer becomes one of Report.Errors.
	StackTimeout time.Duration
	// Sensitive are more values to mask in every view, besides the desired
	// stacks' sensitive parameters: the file's sensitive variables and
	// secrets (schema.Config.Sensitive).
	Sensitive []string
	// ToolVersion goes into the report.
	ToolVersion string
	// Now stamps Report.CheckedAt; zero means time.Now().
	Now time.Time
}

func (o Options) withDefaults() Options {
	if o.Parallelism <= 0 {
		o.Parallelism = 10
	}
	if o.CallsPerSecond <= 0 {
		o.CallsPerSecond = 5
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 2 * time.Second
	}
	if o.StackTimeout <= 0 {
		o.StackTimeout = 10 * time.Minute
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o
}
