package executor

import (
	"context"
	"errors"
	"strings"
	"testing"

	"flightplan/cloud"
	"flightplan/planner"
)

func TestWrongAccountIsRefusedBeforeAnyWrite(t *testing.T) {
	ts, opts := simOptions(t)
	opts.Provider = cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, SimKeyFor: func(account string) string {
		if account == prodAccount {
			return cloud.SimKey("444444444444") // the prod credentials reach another account
		}
		return cloud.SimKey(account)
	}})
	res, err := Apply(context.Background(), applyPlan(testApp(), planner.Create, "v1"), opts)
	var wrong *cloud.WrongAccountError
	if !errors.As(err, &wrong) || !strings.Contains(err.Error(), prodAccount) || !strings.Contains(err.Error(), "444444444444") {
		t.Fatalf("Apply = %v, want a WrongAccountError naming both accounts", err)
	}
	for _, action := range []string{"PutParameter", "DeleteParameter"} {
		if n := ts.CallCount("ssm", action); n != 0 {
			t.Errorf("%d calls to %s", n, action)
		}
	}
	for _, action := range []string{"CreateChangeSet", "ExecuteChangeSet", "DeleteStack"} {
		if n := ts.CallCount("cloudformation", action); n != 0 {
			t.Errorf("%d calls to %s", n, action)
		}
	}
	if len(res.Outcomes) != 0 {
		t.Fatalf("outcomes %v", res.Outcomes)
	}
}
