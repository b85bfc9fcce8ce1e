package simcore

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// trackedItems is an itemService that tracks its items: marked are those
// a call reached.
type trackedItems struct {
	itemService
	marked map[*item]bool
}

func (s *trackedItems) Unchanged(p any) (bool, bool) {
	it, ok := p.(*item)
	if !ok {
		return false, false
	}
	return true, !s.marked[it]
}

func (s *trackedItems) Cut() { clear(s.marked) }

func openTracked(t *testing.T, dir string) (*Core, *trackedItems) {
	t.Helper()
	c := New(NewFakeClock())
	s := &trackedItems{itemService: itemService{st: &itemState{ByKey: map[string]*item{}, Tags: map[string]string{}, Deep: map[string][]*item{}}}, marked: map[*item]bool{}}
	c.Register(s)
	if err := c.Open(dir); err != nil {
		t.Fatal(err)
	}
	return c, s
}

// TestTrackedParts checks that a service's marked parts are journaled, its
// unmarked parts are taken as they were (a change to one is not seen: the
// service promised it had none), and that VerifyTracked catches that with
// a panic.
func TestTrackedParts(t *testing.T) {
	dir := t.TempDir()
	c, s := openTracked(t, dir)
	change(t, c, func() {
		s.st.Items = append(s.st.Items, &item{Name: "a"}, &item{Name: "b"})
	})
	change(t, c, func() {
		s.st.Items[0].Events = append(s.st.Items[0].Events, "marked")
		s.marked[s.st.Items[0]] = true
		s.st.Items[1].Events = append(s.st.Items[1].Events, "unmarked")
		s.st.Seq = 7
	})
	_, again := openItems(t, dir)
	got := []string{strings.Join(again.st.Items[0].Events, ","), strings.Join(again.st.Items[1].Events, ",")}
	if diff := cmp.Diff([]string{"marked", ""}, got); diff != "" || again.st.Seq != 7 {
		t.Errorf("journaled events (-want +got):\n%s\nseq %d, want 7", diff, again.st.Seq)
	}

	VerifyTracked = true
	defer func() { VerifyTracked = false }()
	c.Lock()
	s.st.Items[0].Events = nil
	s.st.Seq = 8
	c.Persist()
	c.Unlock()
	var err error
	func() {
		defer func() { err, _ = recover().(error) }()
		c.Commit()
	}()
	if err == nil || !strings.Contains(err.Error(), "parts changed without being marked") || !strings.Contains(err.Error(), `k:events`) {
		t.Errorf("VerifyTracked on an unmarked change: %v", err)
	}
}

// TestTrackedJournalReopen runs someChanges on a tracked service that
// marks every item it changes, with VerifyTracked on, and checks the state
// read back.
func TestTrackedJournalReopen(t *testing.T) {
	VerifyTracked = true
	defer func() { VerifyTracked = false }()
	dir := t.TempDir()
	c, s := openTracked(t, dir)
	change(t, c, func() { s.st.Items = append(s.st.Items, &item{Name: "first"}, &item{Name: "second"}) })
	for i := range 4 {
		change(t, c, func() {
			it := s.st.Items[i%2]
			it.Events = append(it.Events, "E")
			s.marked[it] = true
			s.st.Seq++
		})
	}
	change(t, c, func() { s.st.Items = s.st.Items[1:] }) // the second moves to i:0
	_, again := openItems(t, dir)
	if diff := cmp.Diff(s.st.Items, again.st.Items); diff != "" || again.st.Seq != s.st.Seq {
		t.Errorf("items after reopening (-want +got):\n%s\nseq %d, want %d", diff, again.st.Seq, s.st.Seq)
	}
}
