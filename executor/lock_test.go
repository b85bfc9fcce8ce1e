package executor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"flightplan/addr"
	"flightplan/planner"
)

// docOnlyPlan writes one document: it needs no CloudFormation.
func docOnlyPlan() *planner.Plan {
	return applyPlan([]node{{a: addr.Workload("api"), account: appAccount, doc: true}}, planner.Create, "v1")
}

func TestSecondApplyIsRefusedNamingTheHolder(t *testing.T) {
	ts, opts := simOptions(t)
	other := opts
	other.Who = "alice@laptop"
	held, err := acquireLock(context.Background(), other.withDefaults(), "demo", "apply")
	if err != nil {
		t.Fatal(err)
	}
	before := ts.CallCount("ssm", "PutParameter")
	res, err := Apply(context.Background(), docOnlyPlan(), opts)
	var locked *LockedError
	if !errors.As(err, &locked) || locked.Info.Who != "alice@laptop" || locked.Info.ID != held.info.ID {
		t.Fatalf("Apply = %v, want a *LockedError naming alice@laptop", err)
	}
	for _, want := range []string{"alice@laptop", "apply", "flightplan unlock " + held.info.ID} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
	if got := ts.CallCount("ssm", "PutParameter") - before; got != 1 || res.Err != err || len(res.Outcomes) != 0 {
		t.Fatalf("%d puts (want only the failed lock), result %+v", got, res)
	}
	if docValue(t, opts, docName(addr.Workload("api"))) != "" {
		t.Fatal("a refused apply wrote a document")
	}
}

func TestLockTimeoutWaitsForTheHolder(t *testing.T) {
	_, opts := simOptions(t)
	held, err := acquireLock(context.Background(), opts.withDefaults(), "demo", "apply")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		_ = held.release(context.Background(), NopHooks{})
	}()
	opts.LockTimeout = 10 * time.Second
	if _, err := Apply(context.Background(), docOnlyPlan(), opts); err != nil {
		t.Fatal(err)
	}
	assertUnlocked(t, opts)
}

func TestUnlock(t *testing.T) {
	_, opts := simOptions(t)
	ctx := context.Background()
	if err := Unlock(ctx, opts.Provider, opts.AppTarget, "demo", "x"); !errors.Is(err, ErrNotLocked) {
		t.Fatalf("Unlock without a lock = %v, want ErrNotLocked", err)
	}
	held, err := acquireLock(ctx, opts.withDefaults(), "demo", "destroy")
	if err != nil {
		t.Fatal(err)
	}
	err = Unlock(ctx, opts.Provider, opts.AppTarget, "demo", "not-the-id")
	if err == nil || !strings.Contains(err.Error(), "has ID "+held.info.ID) || !strings.Contains(err.Error(), "tester@ci") {
		t.Fatalf("Unlock with a wrong id = %v, want a refusal naming the holder", err)
	}
	if err := Unlock(ctx, opts.Provider, opts.AppTarget, "demo", held.info.ID); err != nil {
		t.Fatal(err)
	}
	assertUnlocked(t, opts)
}

func TestDocumentsFollowCopilotSemantics(t *testing.T) {
	_, opts := simOptions(t)
	name := docName(addr.Workload("api"))
	if _, err := Apply(context.Background(), docOnlyPlan(), opts); err != nil {
		t.Fatal(err)
	}
	update := applyPlan([]node{{a: addr.Workload("api"), account: appAccount, doc: true}}, planner.Update, "v2")
	if _, err := Apply(context.Background(), update, opts); err != nil {
		t.Fatal(err)
	}
	if got := docValue(t, opts, name); got != `{"marker":"v2"}` {
		t.Fatalf("document = %s after the update", got)
	}
	res, err := Apply(context.Background(), docOnlyPlan(), opts) // a create of an existing document
	if err == nil || !strings.Contains(res.Outcomes[addr.Workload("api")].RootCause, "exists already") {
		t.Fatalf("create over an existing document = %v, want a refusal", err)
	}
	assertUnlocked(t, opts)
	del := destroyPlan([]node{{a: addr.Workload("api"), account: appAccount, doc: true}})
	for range 2 { // a second delete finds nothing and is fine
		if _, err := Destroy(context.Background(), del, opts); err != nil {
			t.Fatal(err)
		}
	}
	if docValue(t, opts, name) != "" {
		t.Fatal("the document survived its delete")
	}
}

// LockHeld reports the lock once taken and once released, with its ID.
func TestLockHeldIsReported(t *testing.T) {
	_, opts := simOptions(t)
	var reports []string
	opts.LockHeld = func(id string, held bool) {
		if held && docValue(t, opts, LockPath("demo")) == "" {
			t.Error("LockHeld(true) before the lock exists")
		}
		reports = append(reports, fmt.Sprintf("%v %v", id != "", held))
	}
	if _, err := Apply(context.Background(), docOnlyPlan(), opts); err != nil {
		t.Fatal(err)
	}
	if want := []string{"true true", "true false"}; !slices.Equal(reports, want) {
		t.Errorf("LockHeld calls %q, want %q", reports, want)
	}
}
