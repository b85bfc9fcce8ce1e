package executor

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"flightplan/cloud"
)

// releaseTimeout bounds the release of the lock, which runs on a context of
// its own so that an interrupted run still releases it.
const releaseTimeout = 30 * time.Second

// LockPath is the SSM parameter holding the lock of an app, in the app's
// account and region.
func LockPath(app string) string { return "/flightplan/locks/" + app }

// LockInfo is the JSON document of a lock.
type LockInfo struct {
	ID        string    `json:"id"`
	Who       string    `json:"who"` // user@host
	Operation string    `json:"operation"`
	Created   time.Time `json:"created"`
}

// LockedError says another run holds the app's lock.
type LockedError struct {
	App  string
	Info LockInfo
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("app %s is locked: %s started %s at %s (lock ID %s); if that run is no longer running, run: flightplan unlock %s",
		e.App, e.Info.Who, e.Info.Operation, e.Info.Created.UTC().Format(time.RFC3339), e.Info.ID, e.Info.ID)
}

// lock is a lock this run holds.
type lock struct {
	api  ssmAPI
	app  string
	info LockInfo
}

// acquireLock creates the app's lock with Overwrite=false, so that exactly
// one run can hold it. When another run holds it, it retries until
// opts.LockTimeout has passed, then returns a *LockedError.
func acquireLock(ctx context.Context, opts Options, app, operation string) (*lock, error) {
	cl, err := opts.Provider.For(ctx, opts.AppTarget)
	if err != nil {
		return nil, err
	}
	lk := &lock{api: cl.SSM, app: app, info: LockInfo{ID: newLockID(), Who: opts.Who, Operation: operation, Created: time.Now().UTC()}}
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		err := lk.try(ctx)
		var held *LockedError
		if !errors.As(err, &held) || time.Now().After(deadline) {
			return lk, err
		}
		if err := cloud.Sleep(ctx, min(opts.PollInterval, time.Until(deadline)+time.Millisecond)); err != nil {
			return nil, held
		}
	}
}

// try takes the lock once; a lock released between our create and our read
// of it is retried at once.
func (lk *lock) try(ctx context.Context) error {
	err := lk.put(ctx)
	for i := 0; i < 3 && errors.Is(err, ErrNotLocked); i++ {
		err = lk.put(ctx)
	}
	return err
}

func (lk *lock) put(ctx context.Context) error {
	body, _ := json.Marshal(lk.info)
	_, err := lk.api.PutParameter(ctx, &ssm.PutParameterInput{
		Name: aws.String(LockPath(lk.app)), Value: aws.String(string(body)), Type: ssmtypes.ParameterTypeString,
		Overwrite: aws.Bool(false), Description: aws.String("flightplan: a run holds this app; see `flightplan unlock`"),
	})
	if cloud.IsCode(err, "ParameterAlreadyExists") {
		held, rerr := readLock(ctx, lk.api, lk.app)
		if rerr != nil {
			return rerr
		}
		return &LockedError{App: lk.app, Info: *held}
	}
	if err != nil {
		return fmt.Errorf("taking the lock %s: %w", LockPath(lk.app), cloud.Unwrap(err))
	}
	return nil
}

// release removes the lock if it is still ours, on a fresh context when ctx
// was cancelled. A failure is reported through the hooks and returned,
// naming the unlock command.
func (lk *lock) release(ctx context.Context, hooks Hooks) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	if err := unlock(ctx, lk.api, lk.app, lk.info.ID); err != nil {
		err = fmt.Errorf("releasing the lock: %w; run: flightplan unlock %s", err, lk.info.ID)
		hooks.Message(err.Error())
		return err
	}
	return nil
}

// Unlock removes the app's lock if its ID is id, for a run that died
// holding it. It refuses, naming the holder, when the lock has another ID,
// and says so when there is no lock.
func Unlock(ctx context.Context, provider *cloud.Provider, appTarget cloud.Target, app, id string) error {
	if err := provider.Guard(ctx, appTarget); err != nil {
		return err
	}
	cl, err := provider.For(ctx, appTarget)
	if err != nil {
		return err
	}
	return unlock(ctx, cl.SSM, app, id)
}

// unlock deletes the lock when it holds id. SSM has no conditional delete:
// between the read and the delete another run could only take the lock if
// it did not exist, so the window cannot remove someone else's lock unless
// two unlocks race.
func unlock(ctx context.Context, api ssmAPI, app, id string) error {
	held, err := readLock(ctx, api, app)
	if err != nil {
		return err
	}
	if held.ID != id {
		return fmt.Errorf("the lock of app %s has ID %s (held by %s for %s since %s), not %s; nothing removed",
			app, held.ID, held.Who, held.Operation, held.Created.UTC().Format(time.RFC3339), id)
	}
	_, err = api.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(LockPath(app))})
	if err != nil && !cloud.IsCode(err, "ParameterNotFound") {
		return fmt.Errorf("deleting %s: %w", LockPath(app), cloud.Unwrap(err))
	}
	return nil
}

// ErrNotLocked is returned by Unlock when the app holds no lock.
var ErrNotLocked = errors.New("no lock is held")

func readLock(ctx context.Context, api ssmAPI, app string) (*LockInfo, error) {
	out, err := api.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(LockPath(app))})
	if cloud.IsCode(err, "ParameterNotFound") {
		return nil, fmt.Errorf("app %s: %w", app, ErrNotLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", LockPath(app), cloud.Unwrap(err))
	}
	var info LockInfo
	if err := json.Unmarshal([]byte(aws.ToString(out.Parameter.Value)), &info); err != nil {
		return nil, fmt.Errorf("%s does not hold a flightplan lock (%v); delete it by hand if it is stale", LockPath(app), err)
	}
	return &info, nil
}

func newLockID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
