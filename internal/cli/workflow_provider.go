package cli

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim"
	"flightplan/cloud"
	"flightplan/schema"
	"flightplan/stacks"
)

// simSpeed is how much faster than AWS the in-process simulator runs unless
// FLIGHTPLAN_SIM_SPEED says otherwise: a three-minute load balancer takes
// under a second, and progress stays visible.
const simSpeed = 300

// provider returns the AWS client provider: the real AWS, a running
// simulator (--sim http://…), or an in-process simulator keeping its state in
// a folder (--sim DIR). The returned stop function shuts the in-process
// simulator down.
func (e *env) provider() (*cloud.Provider, func(), error) {
	sim := e.g.Sim
	switch {
	case sim == "":
		return cloud.NewProvider(cloud.Options{Terminal: e.terminal(), DebugLog: e.debugLog()}), func() {}, nil
	case strings.HasPrefix(sim, "http://") || strings.HasPrefix(sim, "https://"):
		return cloud.NewProvider(cloud.Options{SimEndpoint: sim, TimeScale: e.simScale(), DebugLog: e.debugLog()}), func() {}, nil
	}
	url, stop, err := e.startSim(sim)
	if err != nil {
		return nil, nil, err
	}
	return cloud.NewProvider(cloud.Options{SimEndpoint: url, TimeScale: e.simScale(), DebugLog: e.debugLog()}), stop, nil
}

// terminal is who answers an MFA prompt: the person at standard input when
// it is a terminal, asked on standard error; nil otherwise.
func (e *env) terminal() *cloud.Terminal {
	if !isTerminal(e.stdin) {
		return nil
	}
	return &cloud.Terminal{In: e.stdin, Prompt: e.stderr}
}

// debugLog is where the AWS SDK's log goes: standard error with --debug or
// FLIGHTPLAN_LOG=debug, nowhere otherwise.
func (e *env) debugLog() io.Writer {
	if e.g.Debug || strings.EqualFold(e.getenv("FLIGHTPLAN_LOG"), "debug") {
		return e.stderr
	}
	return nil
}

func (e *env) simScale() float64 {
	if s := e.getenv("FLIGHTPLAN_SIM_SPEED"); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 {
			return f
		}
	}
	return simSpeed
}

// pollInterval is how long to wait between two looks at a stack in progress.
func (e *env) pollInterval() time.Duration {
	if e.g.Sim != "" {
		return time.Duration(float64(5*time.Second) / e.simScale())
	}
	return 5 * time.Second
}

// callsPerSecond is the CloudFormation call budget per account and region:
// the executor's default against AWS, scaled with a simulator's speed.
func (e *env) callsPerSecond() float64 {
	if e.g.Sim != "" {
		return 5 * e.simScale()
	}
	return 0
}

func (e *env) startSim(dir string) (string, func(), error) {
	sim, err := awssim.New(awssim.Options{StateDir: dir, Clock: awssim.NewRealClock(e.simScale())})
	if err != nil {
		return "", nil, fmt.Errorf("--sim %s: %w", dir, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("--sim: cannot listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	// Every call has returned by the time the command stops it, so close at
	// once rather than wait out idle keep-alive connections. Every call's
	// changes are already in the state folder; closing the simulator
	// compacts its journal.
	stop := func() {
		_ = srv.Close()
		_ = sim.Close()
	}
	return "http://" + ln.Addr().String(), stop, nil
}

// appTarget is where the app's SSM documents, ECR and pipelines live.
func appTarget(cfg *schema.Config) cloud.Target {
	a := cfg.App
	return cloud.Target{Account: a.Account, Region: a.Region, Profile: a.Profile, RoleARN: a.RoleARN}
}

// nodeClients returns the clients of a node's account and region, after
// checking that its credentials reach that account.
func (e *env) nodeClients(s *session, n *stacks.Node) (*cloud.Clients, error) {
	c, err := s.provider.For(e.ctx, cloud.Target{Account: n.Account, Region: n.Region, Profile: n.Profile, RoleARN: n.RoleARN})
	if err != nil {
		return nil, err
	}
	if err := s.provider.Guard(e.ctx, c.Target); err != nil {
		return nil, err
	}
	return c, nil
}
