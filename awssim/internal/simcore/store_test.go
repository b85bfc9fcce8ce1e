package simcore

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// itemState is a state shaped like the simulator's: a struct of lists and
// maps of structs, with a pointer that comes and goes.
type itemState struct {
	Items []*item            `json:"items"`
	ByKey map[string]*item   `json:"byKey"`
	Seq   int                `json:"seq"`
	Opt   *item              `json:"opt,omitempty"`
	Tags  map[string]string  `json:"tags"`
	Raw   json.RawMessage    `json:"raw,omitempty"`
	Deep  map[string][]*item `json:"deep"`
}

type item struct {
	Name   string   `json:"name"`
	Events []string `json:"events"`
}

// itemService is a Service over an itemState.
type itemService struct{ st *itemState }

func (s *itemService) API() API         { return API{Name: "items"} }
func (s *itemService) StateKey() string { return "Items" }
func (s *itemService) Snapshot() any    { return s.st }
func (s *itemService) Restore(data json.RawMessage) error {
	s.st = &itemState{}
	return json.Unmarshal(data, s.st)
}

func openItems(t *testing.T, dir string) (*Core, *itemService) {
	t.Helper()
	c := New(NewFakeClock())
	s := &itemService{st: &itemState{ByKey: map[string]*item{}, Tags: map[string]string{}, Deep: map[string][]*item{}}}
	c.Register(s)
	if err := c.Open(dir); err != nil {
		t.Fatal(err)
	}
	return c, s
}

// change runs f as a call does: under the lock, then Persist and Commit.
func change(t *testing.T, c *Core, f func()) {
	t.Helper()
	c.Lock()
	f()
	c.Persist()
	c.Unlock()
	c.Commit()
	if err := c.StateError(); err != nil {
		t.Fatal(err)
	}
}

// someChanges grows, changes and shrinks every part of the state.
func someChanges(t *testing.T, c *Core, s *itemService) {
	for i := range 5 {
		change(t, c, func() {
			it := &item{Name: strings.Repeat("x", i)}
			s.st.Items = append(s.st.Items, it)
			s.st.ByKey[it.Name] = it
			s.st.Seq++
			s.st.Tags["k"+it.Name] = "v"
			s.st.Deep["d"] = append(s.st.Deep["d"], it)
		})
		if i == 0 {
			change(t, c, func() { s.st.Deep = map[string][]*item{} })
		}
	}
	change(t, c, func() { s.st.Items[1].Events = append(s.st.Items[1].Events, "CREATE_COMPLETE") })
	change(t, c, func() { s.st.Opt = &item{Name: "opt"}; s.st.Raw = json.RawMessage(`{"a":[1,2]}`) })
	change(t, c, func() { s.st.Items = s.st.Items[:3]; delete(s.st.ByKey, "x"); delete(s.st.Tags, "kxx") })
	change(t, c, func() { s.st.Opt = nil; s.st.Deep["e"] = nil })
}

func stateJSON(t *testing.T, s *itemService) string {
	t.Helper()
	data, err := json.Marshal(s.st)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestJournalReopen checks that a state rebuilt from the snapshot and the
// journal, without a Close, is the state the calls left.
func TestJournalReopen(t *testing.T) {
	dir := t.TempDir()
	c, s := openItems(t, dir)
	someChanges(t, c, s)
	if _, err := os.Stat(filepath.Join(dir, "journal.0")); err != nil {
		t.Fatalf("no journal after changes: %v", err)
	}
	_, again := openItems(t, dir)
	if diff := cmp.Diff(stateJSON(t, s), stateJSON(t, again)); diff != "" {
		t.Errorf("state after reopening (-want +got):\n%s", diff)
	}
}

// TestJournalTornTail checks that a record cut short by a crash is
// dropped with its call, the calls before it are kept, and the next
// records go after the last whole one.
func TestJournalTornTail(t *testing.T) {
	dir := t.TempDir()
	c, s := openItems(t, dir)
	change(t, c, func() { s.st.Seq = 1 })
	change(t, c, func() { s.st.Seq = 2; s.st.Items = append(s.st.Items, &item{Name: "lost"}) })
	path := filepath.Join(dir, "journal.0")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()-3); err != nil {
		t.Fatal(err)
	}
	c2, s2 := openItems(t, dir)
	if s2.st.Seq != 1 || len(s2.st.Items) != 0 {
		t.Fatalf("after a torn last record: seq %d, %d items; want the first call only", s2.st.Seq, len(s2.st.Items))
	}
	change(t, c2, func() { s2.st.Seq = 3 })
	_, s3 := openItems(t, dir)
	if s3.st.Seq != 3 {
		t.Errorf("a record after a torn one was lost: seq %d, want 3", s3.st.Seq)
	}
}

// TestJournalCompaction checks that Close writes a snapshot that holds
// everything and removes the journal it replaces, and that the next
// journal continues from it.
func TestJournalCompaction(t *testing.T) {
	dir := t.TempDir()
	c, s := openItems(t, dir)
	someChanges(t, c, s)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != stateFile {
		t.Fatalf("folder after Close holds %v, want only %s", entries, stateFile)
	}
	c2, s2 := openItems(t, dir)
	if diff := cmp.Diff(stateJSON(t, s), stateJSON(t, s2)); diff != "" {
		t.Errorf("state from the compacted snapshot (-want +got):\n%s", diff)
	}
	change(t, c2, func() { s2.st.Seq = 99 })
	if _, err := os.Stat(filepath.Join(dir, "journal.1")); err != nil {
		t.Fatalf("the next journal: %v", err)
	}
	_, s3 := openItems(t, dir)
	if s3.st.Seq != 99 || len(s3.st.Items) != len(s.st.Items) {
		t.Errorf("snapshot + next journal: seq %d, %d items", s3.st.Seq, len(s3.st.Items))
	}
}

// TestOpenVersion1 checks that a state file written before the journal
// (version 1, indented) loads, and that a newer version is refused.
func TestOpenVersion1(t *testing.T) {
	dir := t.TempDir()
	old := "{\n \"Version\": 1,\n \"Clock\": \"2026-01-01T00:00:00Z\",\n \"Items\": {\n  \"items\": [{\"name\": \"a\", \"events\": [\"e\"]}],\n  \"seq\": 7\n }\n}"
	if err := os.WriteFile(filepath.Join(dir, stateFile), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	_, s := openItems(t, dir)
	if s.st.Seq != 7 || len(s.st.Items) != 1 || s.st.Items[0].Events[0] != "e" {
		t.Fatalf("version 1 state: %s", stateJSON(t, s))
	}
	if err := os.WriteFile(filepath.Join(dir, stateFile), []byte(`{"Version": 9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := New(NewFakeClock())
	c.Register(&itemService{st: &itemState{}})
	err := c.Open(dir)
	if err == nil || !strings.Contains(err.Error(), "state version 9, this simulator reads versions 1 to 2") {
		t.Errorf("opening version 9: %v", err)
	}
}

// TestPersistWithoutStateDir checks that Persist and Commit are no-ops in
// memory.
func TestPersistWithoutStateDir(t *testing.T) {
	c := New(NewFakeClock())
	if err := c.Open(""); err != nil {
		t.Fatal(err)
	}
	c.Lock()
	c.Persist()
	c.Unlock()
	c.Commit()
	if err := c.StateError(); err != nil {
		t.Error(err)
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
}
