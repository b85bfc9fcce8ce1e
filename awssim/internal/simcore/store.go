package simcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The state file.
//
// With a state folder the simulator keeps its whole state — what each
// registered service's Snapshot returns — in DIR/state.json, and Open reads
// it back before the simulator serves anything. The file is one JSON object:
// "Version", "Clock" (the simulated time of the snapshot: a simulator
// restarted on the state resumes from it, so stack operations scheduled in
// simulated time never run backwards across restarts), then one member per
// service, named by its StateKey, in the order the services registered.
//
// Contract for handlers: a handler that changes state calls Persist once
// the change is complete, while it still holds the lock, so that the file
// always holds a state some sequence of whole calls produced. Persist writes
// a temporary file in DIR, fsyncs it, renames it over state.json and fsyncs
// DIR: a crash at any point leaves either the previous state or the new one,
// never a mix. Without a state folder Persist does nothing and costs
// nothing.
//
// Call counters and faults are not state: they are not persisted.

const (
	stateFile    = "state.json"
	stateVersion = 1
)

// store writes and reads the state file; err keeps the last write failure.
type store struct {
	dir string
	err error
}

// Open reads DIR/state.json into the registered services, if it exists,
// and from then on Persist writes there. An empty dir keeps the state in
// memory only.
func (c *Core) Open(dir string) error {
	c.store = store{dir: dir}
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	if err := c.restore(data); err != nil {
		return fmt.Errorf("awssim state %s: %w", filepath.Join(dir, stateFile), err)
	}
	return nil
}

// restore loads a state document into the services. A service missing
// from the document keeps its empty state.
func (c *Core) restore(data []byte) error {
	var head struct {
		Version int
		Clock   time.Time
	}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		return err
	}
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	if head.Version != stateVersion {
		return fmt.Errorf("state version %d, this simulator reads version %d", head.Version, stateVersion)
	}
	if r, ok := c.clock.(interface{ Resume(time.Time) }); ok {
		r.Resume(head.Clock)
	}
	for _, s := range c.services {
		raw := member(members, s.StateKey())
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		if err := s.Restore(raw); err != nil {
			return fmt.Errorf("%s: %w", s.StateKey(), err)
		}
	}
	return nil
}

// member finds a member of the document by name, ignoring case as
// encoding/json does for struct fields.
func member(members map[string]json.RawMessage, key string) json.RawMessage {
	if raw, ok := members[key]; ok {
		return raw
	}
	for k, raw := range members {
		if strings.EqualFold(k, key) {
			return raw
		}
	}
	return nil
}

// Persist writes the whole state to the state file, if there is one. The
// caller holds the lock and has finished its change. A failure is kept and
// reported by StateError; the in-memory state stays authoritative.
func (c *Core) Persist() {
	if c.store.dir == "" {
		return
	}
	doc, err := c.snapshot()
	if err == nil {
		err = c.store.write(doc)
	}
	c.store.err = err
}

// StateError returns the error of the last failed write of the state file,
// or nil if the last write succeeded or there is no state file. It takes
// the lock: handlers must not call it.
func (c *Core) StateError() error {
	c.Lock()
	defer c.Unlock()
	return c.store.err
}

// snapshot collects the state of every service into the document, in
// compact JSON. Called with the lock held.
func (c *Core) snapshot() (json.RawMessage, error) {
	clock, err := json.Marshal(c.clock.Now())
	if err != nil {
		return nil, fmt.Errorf("awssim state: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"Version":%d,"Clock":%s`, stateVersion, clock)
	for _, s := range c.services {
		snap := s.Snapshot()
		if snap == nil {
			continue // a service without state of its own
		}
		data, err := json.Marshal(snap)
		if err != nil {
			return nil, fmt.Errorf("awssim state: %s snapshot: %w", s.StateKey(), err)
		}
		key, _ := json.Marshal(s.StateKey())
		fmt.Fprintf(&b, ",%s:%s", key, data)
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// write replaces the state file atomically with v as indented JSON.
func (st *store) write(v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	tmp, err := os.CreateTemp(st.dir, stateFile+".*.tmp")
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := writeSynced(tmp, data); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(st.dir, stateFile)); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	return syncDir(st.dir)
}

func writeSynced(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// syncDir makes the rename durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	return nil
}
