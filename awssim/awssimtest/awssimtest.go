// Package awssimtest serves the AWS simulator on loopback for tests, as
// net/http/httptest serves a handler: it lives beside package awssim, not
// in it, so that a binary that embeds the simulator (flightplan sim, --sim)
// does not link package testing.
package awssimtest

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"flightplan/awssim"
)

// TestServer is a simulator serving on loopback.
type TestServer struct {
	*awssim.Sim
	// URL is the endpoint to give the SDK (BaseEndpoint).
	URL string
	// Clock is the fake clock the simulator runs on.
	Clock *awssim.FakeClock

	srv *httptest.Server
}

// NewServer serves a new in-memory simulator on a fake clock until Close.
// More options may be given; their Clock is ignored. Tests call Start.
func NewServer(opts ...awssim.Options) (*TestServer, error) {
	var o awssim.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	clock := awssim.NewFakeClock()
	o.Clock = clock
	sim, err := awssim.New(o)
	if err != nil {
		return nil, fmt.Errorf("awssim: %w", err)
	}
	srv := httptest.NewServer(sim)
	return &TestServer{Sim: sim, URL: srv.URL, Clock: clock, srv: srv}, nil
}

// Start serves a new in-memory simulator on a fake clock for the duration of
// the test. More options may be given; their Clock is ignored.
func Start(t testing.TB, opts ...awssim.Options) *TestServer {
	t.Helper()
	ts, err := NewServer(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ts.Close)
	return ts
}

// Close stops serving, after the calls in flight, and closes the
// simulator (writing its state folder, if it has one).
func (ts *TestServer) Close() {
	ts.srv.Close()
	_ = ts.Sim.Close()
}

// Config returns an SDK configuration that sends every call to the test
// server as account (12 digits) in region, with static credentials
// awssim.AccessKey(account). Retries and everything else keep the SDK's
// defaults, so tests see the SDK behave as it does against AWS. Make
// clients from it as usual: ssm.NewFromConfig(ts.Config("111111111111",
// "eu-west-1")).
func (ts *TestServer) Config(account, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(awssim.AccessKey(account), "sim-secret", ""),
		BaseEndpoint: aws.String(ts.URL),
	}
}
