package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"flightplan/view"
)

// startInterrupts watches a fresh signal channel; exited receives the exit
// code, done closes when the watch returns.
func startInterrupts(t *testing.T, setup func(*interrupts)) (sig chan os.Signal, ctx context.Context, stderr *bytes.Buffer, exited chan int, done chan struct{}) {
	t.Helper()
	sig = make(chan os.Signal, 2)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	stderr = &bytes.Buffer{}
	exited = make(chan int, 1)
	done = make(chan struct{})
	in := newInterrupts(cancel, stderr, func(code int) { exited <- code })
	setup(in)
	go func() {
		in.watch(sig)
		close(done)
	}()
	return sig, ctx, stderr, exited, done
}

// While the run changes nothing (validate, plan, the prompt), the first
// interrupt exits at once.
func TestInterruptWhileReadOnlyExitsAtOnce(t *testing.T) {
	sig, ctx, stderr, exited, done := startInterrupts(t, (*interrupts).markReadOnly)
	sig <- os.Interrupt
	<-done
	if code := <-exited; code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	if ctx.Err() != nil {
		t.Error("the run was cancelled instead of ended")
	}
	if want := "Interrupted: exiting now. Nothing was changed."; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q lacks %q", stderr.String(), want)
	}
	if strings.Contains(stderr.String(), "settle") {
		t.Errorf("stderr %q talks of operations settling", stderr.String())
	}
}

// Once the run writes, the first interrupt cancels and says so; the second
// exits with 130, naming the lock left held and the command to release it.
func TestSecondInterruptNamesTheHeldLock(t *testing.T) {
	tests := map[string]struct {
		lock      func(*interrupts)
		want, not []string
	}{
		"lock held": {
			lock: func(in *interrupts) {
				in.lockHeld(view.HeldLock{App: "shop", ID: "3f9c", Command: "flightplan -f app.hcl unlock 3f9c"}, true)
			},
			want: []string{"Interrupt received", "Second interrupt: exiting now",
				"The lock of application shop (ID 3f9c) is still held", "\n  flightplan -f app.hcl unlock 3f9c\n"},
		},
		"lock released": {
			lock: func(in *interrupts) {
				in.lockHeld(view.HeldLock{App: "shop", ID: "3f9c"}, true)
				in.lockHeld(view.HeldLock{App: "shop", ID: "3f9c"}, false)
			},
			want: []string{"Interrupt received", "Second interrupt: exiting now"},
			not:  []string{"lock"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			sig, ctx, stderr, exited, done := startInterrupts(t, func(in *interrupts) {
				in.markReadOnly()
				in.markWriting()
				tc.lock(in)
			})
			sig <- os.Interrupt
			<-ctx.Done()
			sig <- os.Interrupt
			<-done
			if code := <-exited; code != 130 {
				t.Errorf("exit code %d, want 130", code)
			}
			for _, want := range tc.want {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr %q lacks %q", stderr.String(), want)
				}
			}
			for _, not := range tc.not {
				if strings.Contains(stderr.String(), not) {
					t.Errorf("stderr %q mentions %q", stderr.String(), not)
				}
			}
		})
	}
}

// Closing the channel ends the watch without cancelling.
func TestInterruptsClosed(t *testing.T) {
	sig, ctx, _, exited, done := startInterrupts(t, func(*interrupts) {})
	close(sig)
	<-done
	if ctx.Err() != nil {
		t.Error("cancelled without a signal")
	}
	if len(exited) > 0 {
		t.Error("exit called")
	}
}

// The unlock command repeats the global flags the user gave, quoted for a
// shell, and never a sensitive value.
func TestUnlockCommand(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string
	}{
		"no flags":  {args: nil, want: "flightplan unlock 3f9c"},
		"file, sim": {args: []string{"-f", "app.hcl", "--sim", "http://127.0.0.1:4566"}, want: "flightplan -f app.hcl --sim http://127.0.0.1:4566 unlock 3f9c"},
		"chdir and a path with a space": {args: []string{"--chdir", "infra", "--file=my app.hcl"},
			want: "flightplan --chdir infra -f 'my app.hcl' unlock 3f9c"},
		"variables": {args: []string{"--var-file", "prod.hcl", "--var", "count=2", "--var", "db_password=S3CR3T"},
			want: "flightplan --var-file prod.hcl --var count=2 --var 'db_password=(sensitive)' unlock 3f9c"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			e := &env{}
			e.gfs = e.g.flags()
			if err := e.gfs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			if got := e.unlockCommand("3f9c", []string{"S3CR3T"}); got != tc.want {
				t.Errorf("unlockCommand = %q, want %q", got, tc.want)
			}
		})
	}
}

// While live progress is drawn, the notices go to it (above its frame),
// not to stderr, where they would land in the middle of the frame; once
// it stops, to stderr again.
func TestInterruptNoticesGoThroughLiveProgress(t *testing.T) {
	var live bytes.Buffer
	var stop func()
	sig, ctx, stderr, exited, done := startInterrupts(t, func(in *interrupts) { stop = in.showNotices(&live) })
	sig <- os.Interrupt
	<-ctx.Done()
	stop()
	sig <- os.Interrupt
	<-done
	<-exited
	if !strings.Contains(live.String(), "Interrupt received") {
		t.Errorf("live progress got %q, want the first notice", live.String())
	}
	if strings.Contains(stderr.String(), "Interrupt received") || !strings.Contains(stderr.String(), "Second interrupt") {
		t.Errorf("stderr %q: want only the second notice", stderr.String())
	}
}
