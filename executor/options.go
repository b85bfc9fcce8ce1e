package executor

import (
	"errors"
	"os"
	"os/user"
	"time"

	"flightplan/cloud"
)

// Options configure Apply and Destroy. Provider is required; every other
// field has a default.
type Options struct {
	// Provider builds the clients of each target and guards its account.
	Provider *cloud.Provider
	// AppTarget is the app's account and region: where the SSM documents
	// and the lock live.
	AppTarget cloud.Target
	// Hooks receive progress; nil means NopHooks.
	Hooks Hooks
	// Parallelism bounds the nodes in flight at once (default 10).
	Parallelism int
	// CallsPerSecond is the CloudFormation call budget per account and
	// region, shared by all nodes of that target (default 5, about half of
	// CloudFormation's Describe quota, so that other tools keep some).
	CallsPerSecond float64
	// PollInterval is the time between two looks at a stack in progress
	// (default 5s). Change sets are polled faster at first, backing off to
	// it.
	PollInterval time.Duration
	// StackTimeout bounds each wait on one stack operation (default 1h).
	StackTimeout time.Duration
	// LockTimeout is how long to wait for another run's lock before giving
	// up (default 0: fail at once, naming the holder).
	LockTimeout time.Duration
	// Who is recorded in the lock (default user@host).
	Who string
	// Builder builds and pushes the images of image/{name} nodes; nil
	// means DockerBuilder{} (the docker CLI on PATH).
	Builder Builder
	// LockHeld, when set, is called with the lock's ID and true once the
	// run holds the app's lock, and with false once it has released it (a
	// lock that could not be released is never reported false), so that
	// a caller exiting early can say which lock it leaves behind. Called
	// from the goroutine that called Apply or Destroy.
	LockHeld func(id string, held bool)
	// NoRollback leaves a stack whose operation fails in CREATE_FAILED or
	// UPDATE_FAILED, keeping what was provisioned (DeploymentConfig
	// DisableRollback); the next apply retries from there.
	NoRollback bool
	// RevertDrift makes drift-aware change sets (DeploymentMode
	// REVERT_DRIFT): updates also put drifted properties back.
	RevertDrift bool
}

func (o Options) withDefaults() Options {
	if o.Hooks == nil {
		o.Hooks = NopHooks{}
	}
	if o.Parallelism <= 0 {
		o.Parallelism = 10
	}
	if o.CallsPerSecond <= 0 {
		o.CallsPerSecond = 5
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	if o.StackTimeout <= 0 {
		o.StackTimeout = time.Hour
	}
	if o.Who == "" {
		o.Who = whoAmI()
	}
	if o.Builder == nil {
		o.Builder = DockerBuilder{}
	}
	return o
}

func (o Options) lockHeld(id string, held bool) {
	if o.LockHeld != nil {
		o.LockHeld(id, held)
	}
}

func (o Options) validate() error {
	if o.Provider == nil {
		return errors.New("executor: Options.Provider is required")
	}
	if o.AppTarget.Account == "" || o.AppTarget.Region == "" {
		return errors.New("executor: Options.AppTarget needs the app's account and region")
	}
	return nil
}

func whoAmI() string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, err := os.Hostname()
	if err != nil {
		host = "unknown"
	}
	return name + "@" + host
}
