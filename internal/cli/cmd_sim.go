package cli

import (
	"errors"
	"fmt"
	"net"

	"github.com/spf13/pflag"

	"flightplan/awssim"
	"flightplan/view"
)

type simArgs struct {
	Addr      string
	State     string
	TimeScale float64
}

func simCommand() *command {
	return &command{
		ownFlagsOnly: true,
		name:         "sim",
		summary:      "Serve the AWS simulator, for any AWS SDK or the AWS CLI.",
		usage:        "flightplan sim [--addr HOST:PORT] [--state DIR] [--time-scale N]",
		example: "  flightplan sim --addr 127.0.0.1:4566 --state .sim &\n" +
			"  AWS_ENDPOINT_URL=http://127.0.0.1:4566 AWS_ACCESS_KEY_ID=SIM111111111111 AWS_SECRET_ACCESS_KEY=x \\\n" +
			"    aws ssm get-parameters-by-path --path /copilot --recursive --region us-east-1\n" +
			"  flightplan --sim http://127.0.0.1:4566 plan",
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &simArgs{}
			fs.StringVar(&a.Addr, "addr", "127.0.0.1:4566", "the loopback address to serve on")
			fs.StringVar(&a.State, "state", "", "keep the state in this folder (default: in memory)")
			fs.Float64Var(&a.TimeScale, "time-scale", simSpeed, "how many times faster than AWS stack operations run (1: as long as in AWS)")
			return func(e *env, args []string) (int, error) { return runSim(e, a) }
		},
	}
}

// runSim serves the simulator until the context is cancelled.
func runSim(e *env, a *simArgs) (int, error) {
	if a.TimeScale <= 0 {
		return exitError, fmt.Errorf("--time-scale must be above 0, got %g", a.TimeScale)
	}
	sim, err := awssim.New(awssim.Options{StateDir: a.State, Clock: awssim.NewRealClock(a.TimeScale)})
	if err != nil {
		return exitError, err
	}
	ln, err := net.Listen("tcp", a.Addr)
	if err != nil {
		return exitError, err
	}
	_ = view.WriteSimServing(e.stdout, ln.Addr().String())
	if err := sim.Serve(e.ctx, ln); err != nil && !errors.Is(err, e.ctx.Err()) {
		_ = sim.Close()
		return exitError, err
	}
	if err := sim.Close(); err != nil {
		return exitError, err
	}
	return exitOK, nil
}
