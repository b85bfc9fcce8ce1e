package awssim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// post sends a control request and returns the status.
func post(t *testing.T, url, path, body string) int {
	t.Helper()
	resp, err := http.Post(url+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestControlEndpoints(t *testing.T) {
	ts := awssimtest.Start(t)
	s := sts.NewFromConfig(ts.Config(acctA, region), func(o *sts.Options) { o.RetryMaxAttempts = 1 })
	call := func() error {
		_, err := s.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		return err
	}
	if err := call(); err != nil {
		t.Fatal(err)
	}

	var calls struct {
		Total int                `json:"total"`
		Calls []awssim.CallCount `json:"calls"`
	}
	resp, err := http.Get(ts.URL + "/_sim/calls")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&calls); err != nil {
		t.Fatal(err)
	}
	if calls.Total != 1 || len(calls.Calls) != 1 || calls.Calls[0].Action != "GetCallerIdentity" {
		t.Errorf("calls = %+v", calls)
	}

	steps := []struct {
		path, body string
		status     int
		throttled  bool
	}{
		{"/_sim/throttle", `{"service":"sts","action":"GetCallerIdentity","fraction":1}`, 204, true},
		{"/_sim/clear-faults", ``, 204, false},
		{"/_sim/throttle", `{"service":"sts","action":"*","fraction":1}`, 204, true},
		{"/_sim/reset-counters", ``, 204, true},
		{"/_sim/clear-faults", ``, 204, false},
		{"/_sim/latency", `{"ms":1}`, 204, false},
		{"/_sim/throttle", `{"service":"sts","fraction":2}`, 400, false},
		{"/_sim/nothing", `{}`, 404, false},
		{"/_sim/ecs/fail-tasks", `{"account":"111111111111","region":"us-east-1","service":"web"}`, 400, false},
		{"/_sim/ecs/fail-tasks", `{"account":"111111111111","region":"us-east-1","service":"web","reason":"x"}`, 404, false},
		{"/_sim/ecs/next-run", `{"log":["a"]}`, 400, false},
		{"/_sim/ecs/next-run", `{"exit_code":3,"log":["a"]}`, 204, false},
	}
	for _, st := range steps {
		if got := post(t, ts.URL, st.path, st.body); got != st.status {
			t.Errorf("POST %s %s: status %d, want %d", st.path, st.body, got, st.status)
		}
		if err := call(); (err != nil) != st.throttled {
			t.Errorf("after %s %s: call error %v, want throttled=%v", st.path, st.body, err, st.throttled)
		}
	}
	if ts.TotalCalls() != 9 {
		t.Errorf("TotalCalls = %d after reset-counters, want 9", ts.TotalCalls())
	}
	before := ts.Clock.Now()
	if got := post(t, ts.URL, "/_sim/advance", `{"seconds":3600}`); got != 204 {
		t.Errorf("advance: status %d", got)
	}
	if d := ts.Clock.Now().Sub(before); d != time.Hour {
		t.Errorf("advance moved the clock %v, want 1h", d)
	}
	if resp, err := http.Get(ts.URL + "/_sim/throttle"); err != nil || resp.StatusCode != 405 {
		t.Errorf("GET /_sim/throttle: %v %v, want 405", resp.StatusCode, err)
	}
}

func TestControlAdvanceRealClock(t *testing.T) {
	sim, err := awssim.New(awssim.Options{Clock: awssim.NewRealClock(1)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	if got := post(t, srv.URL, "/_sim/advance", `{"seconds":1}`); got != http.StatusConflict {
		t.Errorf("advance on a real clock: status %d, want 409", got)
	}
}
