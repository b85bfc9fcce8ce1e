package view

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/executor"
	"flightplan/planner"
)

func result(interrupted bool, err error, outcomes map[addr.Address]executor.Outcome, order ...addr.Address) *executor.Result {
	r := &executor.Result{Order: order, Outcomes: outcomes, Duration: 250 * time.Second, Interrupted: interrupted, Err: err}
	for _, o := range outcomes {
		switch o.Status {
		case executor.Failed:
			r.Counts.Failed++
		case executor.Skipped:
			r.Counts.Skipped++
		case executor.Unchanged:
			r.Counts.Unchanged++
		default:
			switch o.Action {
			case planner.Create:
				r.Counts.Created++
			case planner.Update:
				r.Counts.Updated++
			case planner.Replace:
				r.Counts.Replaced++
			case planner.Delete:
				r.Counts.Deleted++
			}
		}
	}
	return r
}

func TestWriteApplySummary(t *testing.T) {
	ok := func(a planner.Action) executor.Outcome {
		return executor.Outcome{Status: executor.Succeeded, Action: a}
	}
	envTest, webTest, pipe := addr.Env("test"), addr.Deploy("test", "web"), addr.Pipeline("release")
	for name, tc := range map[string]struct {
		r    *executor.Result
		want string
	}{
		"complete": {
			r: result(false, nil, map[addr.Address]executor.Outcome{
				addr.App(): ok(planner.Create), envTest: ok(planner.Update), api: {Status: executor.Unchanged, Action: planner.NoOp},
			}, addr.App(), envTest, api),
			want: "Apply complete: 1 created, 1 updated, 0 deleted, 1 unchanged in 4m10s.\n",
		},
		"failed with skips and recovery": {
			r: result(false, errors.New("1 of 4 nodes failed"), map[addr.Address]executor.Outcome{
				addr.App(): ok(planner.Replace),
				envTest: {Status: executor.Failed, Action: planner.Update, RootCause: "Topic (AWS::SNS::Topic): boom",
					Err: &executor.StackError{Stack: "demo-test", Status: "UPDATE_ROLLBACK_FAILED", RootCause: "Topic (AWS::SNS::Topic): boom",
						Recovery: "fix it, then\nrun: aws cloudformation continue-update-rollback --stack-name demo-test --region eu-west-1"}},
				webTest: {Status: executor.Skipped, Action: planner.Create, Err: &executor.SkippedError{Because: envTest}},
				pipe:    {Status: executor.Skipped, Action: planner.Create, Err: &executor.SkippedError{Because: envTest}},
			}, addr.App(), envTest, webTest, pipe),
			want: "Apply failed: 1 failed, 2 skipped; 0 created, 0 updated, 1 replaced, 0 deleted, 0 unchanged in 4m10s.\n" +
				"  ✗ env/test: Topic (AWS::SNS::Topic): boom\n" +
				"      fix it, then\n" +
				"      run: aws cloudformation continue-update-rollback --stack-name demo-test --region eu-west-1\n" +
				"  - skipped because env/test failed: deploy/test/web, pipeline/release\n",
		},
		"interrupted": {
			r: result(true, errors.New("interrupted"), map[addr.Address]executor.Outcome{
				envTest: ok(planner.Create),
				pipe:    {Status: executor.Skipped, Action: planner.Create, Err: executor.ErrInterrupted},
			}, envTest, pipe),
			want: "Apply interrupted: 1 created, 0 updated, 0 deleted, 0 unchanged in 4m10s.\n" +
				"  - not applied (interrupted): pipeline/release\n",
		},
		"refused before the walk": {
			r:    result(false, errors.New("app demo is locked: alice@laptop started apply"), map[addr.Address]executor.Outcome{}),
			want: "Apply failed: app demo is locked: alice@laptop started apply\nNothing was changed.\n",
		},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteApplySummary(&buf, tc.r, false); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, buf.String()); d != "" {
				t.Fatalf("summary (-want +got):\n%s", d)
			}
		})
	}
}

func TestWriteSummaryColorAndDestroy(t *testing.T) {
	var buf bytes.Buffer
	r := result(false, nil, map[addr.Address]executor.Outcome{api: {Status: executor.Succeeded, Action: planner.Delete}}, api)
	if err := WriteDestroySummary(&buf, r, true); err != nil {
		t.Fatal(err)
	}
	want := "\x1b[32mDestroy complete\x1b[0m: 0 created, 0 updated, 1 deleted, 0 unchanged in 4m10s.\n"
	if d := cmp.Diff(want, buf.String()); d != "" {
		t.Fatalf("summary (-want +got):\n%s", d)
	}
}

func TestWriteServiceURLs(t *testing.T) {
	var b strings.Builder
	err := WriteServiceURLs(&b, []planner.ServiceURLs{
		{Addr: addr.Deploy("test", "web"), URLs: []string{"https://a.example/", "https://b.example/"}},
		{Addr: addr.Deploy("production", "web"), URLs: []string{"http://lb/"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "\nServices:\n  deploy/test/web        https://a.example/\n                         https://b.example/\n  deploy/production/web  http://lb/\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	b.Reset()
	if err := WriteServiceURLs(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("no services: wrote %q, %v", b.String(), err)
	}
}
