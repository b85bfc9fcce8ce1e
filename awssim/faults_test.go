package awssim_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim/awssimtest"
)

// noBackoff keeps the SDK's standard retryer, which decides what to retry,
// but does not sleep between attempts, so the test stays fast.
func noBackoff(o *retry.StandardOptions) {
	o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
}

func TestThrottleIsRetriedBySDK(t *testing.T) {
	tests := map[string]struct {
		service, action string
		fraction        float64
		call            func(ctx context.Context, cfg aws.Config) error
	}{
		"json protocol (ssm)": {service: "ssm", action: "GetParameter", fraction: 0.3,
			call: func(ctx context.Context, cfg aws.Config) error {
				c := ssm.NewFromConfig(cfg, func(o *ssm.Options) { o.Retryer = retry.NewStandard(noBackoff) })
				_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/p")})
				return err
			}},
		"query protocol (sts)": {service: "sts", action: "GetCallerIdentity", fraction: 0.5,
			call: func(ctx context.Context, cfg aws.Config) error {
				c := sts.NewFromConfig(cfg, func(o *sts.Options) { o.Retryer = retry.NewStandard(noBackoff) })
				_, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
				return err
			}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			ts := awssimtest.Start(t)
			put(t, ssmClient(ts, acctA, region), "/p", "x")
			ts.Throttle(tt.service, tt.action, tt.fraction)
			for i := range 20 {
				if err := tt.call(context.Background(), ts.Config(acctA, region)); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}
			throttled := ts.ThrottledCalls(tt.service, tt.action)
			if throttled == 0 {
				t.Fatal("no call was throttled")
			}
			if got := ts.CallCount(tt.service, tt.action); got != 20+throttled {
				t.Errorf("CallCount = %d, want 20 calls + %d throttled", got, throttled)
			}
		})
	}
}

func TestThrottleShape(t *testing.T) {
	ts := awssimtest.Start(t)
	ts.Throttle("ssm", "*", 1)
	c := ssm.NewFromConfig(ts.Config(acctA, region), func(o *ssm.Options) { o.RetryMaxAttempts = 1 })
	_, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/p")})
	wantAPIError(t, err, "ThrottlingException", "Rate exceeded")
	s := sts.NewFromConfig(ts.Config(acctA, region), func(o *sts.Options) { o.RetryMaxAttempts = 1 })
	ts.Throttle("sts", "GetCallerIdentity", 1)
	_, err = s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "Throttling", "Rate exceeded")

	ts.ClearFaults()
	if _, err := s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
}

// TestThrottleDeterministic checks that a fraction fails the same calls on
// every run: at 0.25, every fourth.
func TestThrottleDeterministic(t *testing.T) {
	ts := awssimtest.Start(t)
	ts.Throttle("sts", "GetCallerIdentity", 0.25)
	s := sts.NewFromConfig(ts.Config(acctA, region), func(o *sts.Options) { o.RetryMaxAttempts = 1 })
	var got string
	for range 8 {
		_, err := s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		got += map[bool]string{true: "x", false: "."}[err != nil]
	}
	if got != "...x...x" {
		t.Errorf("throttled pattern %s, want ...x...x", got)
	}
}

func TestLatency(t *testing.T) {
	ts := awssimtest.Start(t)
	s := stsClient(ts, acctA)
	ts.SetLatency(30 * time.Millisecond)
	start := time.Now()
	if _, err := s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("call took %v with 30ms latency", d)
	}
	ts.ClearFaults()
	start = time.Now()
	if _, err := s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 25*time.Millisecond {
		t.Logf("call took %v after ClearFaults (slow machine?)", d)
	}
}

func TestCounters(t *testing.T) {
	ts := awssimtest.Start(t)
	put(t, ssmClient(ts, acctA, region), "/a", "x")
	put(t, ssmClient(ts, acctB, region), "/a", "x")
	_, _ = ssmClient(ts, acctB, "us-east-1").GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/a")})
	if _, err := stsClient(ts, acctA).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range ts.Calls() {
		got = append(got, fmt.Sprintf("%s %s %s:%s %d", c.Account, c.Region, c.Service, c.Action, c.Count))
	}
	want := []string{
		"111111111111 eu-west-1 ssm:PutParameter 1",
		"111111111111 eu-west-1 sts:GetCallerIdentity 1",
		"222222222222 eu-west-1 ssm:PutParameter 1",
		"222222222222 us-east-1 ssm:GetParameter 1",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Calls =\n%v\nwant\n%v", got, want)
	}
	if ts.CallCount("ssm", "PutParameter") != 2 || ts.TotalCalls() != 4 {
		t.Errorf("CallCount = %d, TotalCalls = %d", ts.CallCount("ssm", "PutParameter"), ts.TotalCalls())
	}
	ts.ResetCounters()
	if ts.TotalCalls() != 0 || len(ts.Calls()) != 0 {
		t.Errorf("after reset: %d calls", ts.TotalCalls())
	}
}
