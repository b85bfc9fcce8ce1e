package simcore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The state folder.
//
// With a state folder the simulator keeps its whole state — what each
// registered service's Snapshot returns — in two files: DIR/state.json, a
// snapshot, and DIR/journal.N, an append-only journal of the changes made
// since (journal.go). Open reads the snapshot, replays the journal on it
// and hands each service its state before the simulator serves anything.
//
// state.json is one JSON object: "Version", "Clock" (the simulated time of
// the state: a simulator restarted on it resumes from there, so stack
// operations scheduled in simulated time never run backwards across
// restarts), "Journal" (N, the journal that continues this snapshot), then
// one member per service, named by its StateKey, in the order the services
// registered. Version 1 files (before the journal) load as they are.
//
// Contract for handlers: a handler that changes state calls Persist once
// the change is complete, while it still holds the lock. Persist only
// notes that the state changed; the Core commits before it answers the
// call: it cuts the state into leaves (leaves.go) and appends the leaves
// that changed as one record to the journal. Calls that finish while a
// commit is being written share the next one. A call's changes are
// therefore written before its answer: a crash of the process loses none.
// The journal is fsynced at most once a second (syncEvery), as a database's
// group commit would: a crash of the machine may lose the last second of
// calls, and since a record that did not reach the disk whole fails its
// checksum and ends the replay, it leaves a state some sequence of whole
// calls produced.
//
// Compaction: once the journal outgrows the snapshot (and compactMin), and
// when the simulator closes with a journal that is not empty, the state is
// written as a new snapshot (temporary file, fsync, rename, fsync of DIR)
// naming the next journal, and the old journal is removed.
//
// Call counters and faults are not state: they are not persisted.

const (
	stateFile    = "state.json"
	stateVersion = 2
	// compactMin is the journal size below which it is never compacted
	// while the simulator runs.
	compactMin = 4 << 20
	// syncEvery is how often, at most, the journal is fsynced (real time).
	syncEvery = time.Second
)

// store keeps the state folder. changes counts calls to Persist; the rest
// belongs to whoever holds commitMu.
type store struct {
	dir     string
	changes atomic.Uint64

	commitMu  sync.Mutex
	committed uint64          // the changes on disk
	leaves    map[string]leaf // the state on disk, cut into leaves
	parts     map[string]part // the tracked parts of leaves (tracked.go)
	seed      maphash.Seed    // of the leaves' hashes
	gen       int             // the journal that continues the snapshot
	journal   *os.File        // open for appending; nil until a record
	journaled int64           // bytes in the journal
	clock     time.Time       // the simulated time on disk
	synced    time.Time       // the last fsync of the journal (real time)
	snapshot  int64           // bytes in the snapshot
	closed    bool
	err       error // the last failure to write
}

func (st *store) journalPath(gen int) string {
	return filepath.Join(st.dir, "journal."+strconv.Itoa(gen))
}

// Open reads the state folder dir into the registered services, if it
// holds a state, and from then on commits write there. An empty dir keeps
// the state in memory only.
func (c *Core) Open(dir string) error {
	c.store = &store{dir: dir, seed: maphash.MakeSeed()}
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	migrate, err := c.load()
	if err != nil {
		return fmt.Errorf("awssim state %s: %w", dir, err)
	}
	if migrate {
		// The journal or the file format is not what the next records
		// continue from: start again from a snapshot of the state.
		return c.write(true)
	}
	leaves, parts, err := c.cutState(nil)
	c.store.leaves, c.store.parts = leaves, parts
	return err
}

// load reads the snapshot and replays the journal into the services. It
// says whether the folder should be compacted before use.
func (c *Core) load() (compact bool, err error) {
	st := c.store
	data, err := os.ReadFile(filepath.Join(st.dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		data, err = nil, nil
	}
	if err != nil {
		return false, err
	}
	head, trees, err := c.readSnapshot(data)
	if err != nil {
		return false, fmt.Errorf("%s: %w", stateFile, err)
	}
	st.gen, st.snapshot = head.Journal, int64(len(data))
	clock := head.Clock
	good, err := readJournal(st.journalPath(st.gen), func(rec *journalRecord) error {
		if rec.Clock.After(clock) {
			clock = rec.Clock
		}
		return applyRecord(trees, rec)
	})
	if err != nil {
		return false, fmt.Errorf("journal.%d: %w", st.gen, err)
	}
	st.clock = clock
	if r, ok := c.clock.(interface{ Resume(time.Time) }); ok && !clock.IsZero() {
		r.Resume(clock)
	}
	for _, s := range c.services {
		var b bytes.Buffer
		trees[s.StateKey()].encode(&b)
		if b.Len() == 0 || b.String() == "null" {
			continue
		}
		if err := s.Restore(b.Bytes()); err != nil {
			return false, fmt.Errorf("%s: %w", s.StateKey(), err)
		}
	}
	return good > 0 || (len(data) > 0 && head.Version < stateVersion), nil
}

// snapshotHead is the snapshot's own members.
type snapshotHead struct {
	Version int
	Clock   time.Time
	Journal int
}

// readSnapshot decodes a snapshot into one tree per service (by StateKey).
func (c *Core) readSnapshot(data []byte) (snapshotHead, map[string]*jsonTree, error) {
	head := snapshotHead{Version: stateVersion}
	members := map[string]json.RawMessage{}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &head); err != nil {
			return head, nil, err
		}
		if err := json.Unmarshal(data, &members); err != nil {
			return head, nil, err
		}
		if head.Version < 1 || head.Version > stateVersion {
			return head, nil, fmt.Errorf("state version %d, this simulator reads versions 1 to %d", head.Version, stateVersion)
		}
	}
	trees := map[string]*jsonTree{}
	for _, s := range c.services {
		trees[s.StateKey()] = &jsonTree{raw: member(members, s.StateKey())}
	}
	return head, trees, nil
}

// applyRecord replays one journal record on the services' trees.
func applyRecord(trees map[string]*jsonTree, rec *journalRecord) error {
	for _, p := range rec.Drop {
		steps := strings.Split(p, leafSep)
		if t := trees[steps[0]]; t != nil {
			if err := t.drop(steps[1:]); err != nil {
				return err
			}
		}
	}
	for _, leaf := range rec.Set {
		steps := strings.Split(leaf.P, leafSep)
		t := trees[steps[0]]
		if t == nil {
			continue // a service this simulator does not have
		}
		if err := t.set(steps[1:], leaf.V); err != nil {
			return err
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

// Persist notes that the state changed; the change is written before the
// call is answered (Commit). The caller holds the lock and has finished
// its change. Without a state folder it does nothing.
func (c *Core) Persist() {
	if c.store.dir != "" {
		c.store.changes.Add(1)
	}
}

// StateError returns the error of the last failed write of the state
// folder, or nil if the last write succeeded or there is no state folder.
func (c *Core) StateError() error {
	c.store.commitMu.Lock()
	defer c.store.commitMu.Unlock()
	return c.store.err
}

// Commit writes the changes noted by Persist to the journal, unless a
// commit since has written them, or, once the journal has outgrown the
// snapshot, writes a new snapshot. It must be called without the lock.
func (c *Core) Commit() {
	st := c.store
	if st.dir == "" {
		return
	}
	want := st.changes.Load()
	st.commitMu.Lock()
	defer st.commitMu.Unlock()
	if st.committed >= want || st.closed {
		return
	}
	compact := st.journaled > compactMin && st.journaled > st.snapshot
	upTo := st.changes.Load()
	st.err = c.write(compact)
	if st.err == nil {
		st.committed = upTo
	}
}

// write cuts the state under the lock, then appends the changes to the
// journal, or with compact writes a snapshot. The caller holds commitMu.
func (c *Core) write(compact bool) error {
	st := c.store
	var (
		leaves map[string]leaf
		parts  map[string]part
		doc    []byte
		err    error
		now    time.Time
	)
	func() {
		c.Lock()
		defer c.Unlock()
		if compact {
			leaves, parts, doc, err = c.snapshot(st.gen + 1)
		} else {
			leaves, parts, err = c.cutState(nil)
		}
		now = c.Now()
	}()
	if err == nil {
		if compact {
			err = st.replace(doc, leaves, now)
		} else {
			err = st.append(now, leaves)
		}
	}
	if err != nil {
		// The services forgot their marks with the cut: the next cut
		// must not take any part as it is on disk.
		st.parts = nil
		return err
	}
	st.parts = parts
	return nil
}

// Close commits what is left, compacts a journal that is not empty and
// releases the folder. The simulator must serve no call after it.
func (c *Core) Close() error {
	st := c.store
	if st.dir == "" {
		return nil
	}
	c.Commit()
	st.commitMu.Lock()
	defer st.commitMu.Unlock()
	if st.closed {
		return st.err
	}
	st.closed = true
	if st.err == nil && st.journaled > 0 {
		st.err = c.write(true)
	}
	if st.journal != nil {
		st.err = errors.Join(st.err, st.journal.Sync(), st.journal.Close())
		st.journal = nil
	}
	return st.err
}

// cutState cuts every service's state into leaves, reusing the JSON of
// those unchanged since the leaves on disk; with doc, it writes the
// services' members of a snapshot there too. Called with the lock.
func (c *Core) cutState(doc *bytes.Buffer) (map[string]leaf, map[string]part, error) {
	cut := &cutter{seed: c.store.seed, prev: c.store.leaves, out: make(map[string]leaf, len(c.store.leaves)), h: newHasher(c.store.seed), doc: doc,
		prevParts: c.store.parts, parts: make(map[string]part, len(c.store.parts))}
	for _, s := range c.services {
		snap := s.Snapshot()
		if snap == nil {
			continue // a service without state of its own
		}
		cut.tracker, _ = s.(Tracker)
		if doc != nil {
			doc.WriteByte(',')
			writeJSONString(doc, s.StateKey())
			doc.WriteByte(':')
		}
		if err := cut.cutLeaves(s.StateKey(), reflect.ValueOf(snap), splitDepth); err != nil {
			return nil, nil, fmt.Errorf("awssim state: %s snapshot: %w", s.StateKey(), err)
		}
	}
	if VerifyTracked && cut.reused {
		if err := c.verifyCut(cut.out); err != nil {
			panic(err) // a service's bug, which tests must not miss
		}
	}
	for _, s := range c.services {
		if t, ok := s.(Tracker); ok {
			t.Cut()
		}
	}
	return cut.out, cut.parts, nil
}

// snapshot cuts the state into leaves and writes it as a snapshot naming
// journal gen, made of the leaves' JSON. Called with the lock held.
func (c *Core) snapshot(gen int) (map[string]leaf, map[string]part, []byte, error) {
	clock, err := json.Marshal(c.clock.Now())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("awssim state: %w", err)
	}
	var b bytes.Buffer
	b.Grow(int(c.store.snapshot) + int(c.store.journaled))
	fmt.Fprintf(&b, `{"Version":%d,"Clock":%s,"Journal":%d`, stateVersion, clock, gen)
	leaves, parts, err := c.cutState(&b)
	if err != nil {
		return nil, nil, nil, err
	}
	b.WriteString("}\n")
	return leaves, parts, b.Bytes(), nil
}

// append writes the changes from the leaves on disk to leaves as one
// journal record, and fsyncs it.
func (st *store) append(now time.Time, leaves map[string]leaf) error {
	drop, set := leafChanges(st.leaves, leaves)
	if len(drop) == 0 && len(set) == 0 && !now.After(st.clock) {
		return nil
	}
	var rec bytes.Buffer
	if err := appendRecord(&rec, now, leaves, drop, set); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	if st.journal == nil {
		if err := st.openJournal(); err != nil {
			return err
		}
	}
	if _, err := st.journal.Write(rec.Bytes()); err != nil {
		// Part of the record may be written: reopening cuts it off.
		_ = st.journal.Close()
		st.journal = nil
		return fmt.Errorf("awssim state: %w", err)
	}
	st.journaled += int64(rec.Len())
	st.leaves, st.clock = leaves, now
	if time.Since(st.synced) >= syncEvery {
		if err := st.journal.Sync(); err != nil {
			return fmt.Errorf("awssim state: %w", err)
		}
		st.synced = time.Now()
	}
	return nil
}

// openJournal opens the journal for appending after its last whole record
// (a torn one after it goes).
func (st *store) openJournal() error {
	f, err := os.OpenFile(st.journalPath(st.gen), os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	if err := f.Truncate(st.journaled); err != nil {
		return errors.Join(fmt.Errorf("awssim state: %w", err), f.Close())
	}
	if _, err := f.Seek(st.journaled, 0); err != nil {
		return errors.Join(fmt.Errorf("awssim state: %w", err), f.Close())
	}
	st.journal = f
	return syncDir(st.dir)
}

// replace writes doc (naming the next journal) as the snapshot, then
// removes the journal it replaces.
func (st *store) replace(doc []byte, leaves map[string]leaf, now time.Time) error {
	if err := writeAtomic(st.dir, stateFile, doc); err != nil {
		return err
	}
	if st.journal != nil {
		_ = st.journal.Close()
		st.journal = nil
	}
	old := st.gen
	st.gen, st.journaled, st.snapshot = st.gen+1, 0, int64(len(doc))
	st.leaves, st.clock = leaves, now
	if err := os.Remove(st.journalPath(old)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("awssim state: %w", err)
	}
	return nil
}

// writeAtomic replaces dir/name with data: a temporary file, fsynced,
// renamed over it, and the folder fsynced.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, name+".*.tmp")
	if err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := writeSynced(tmp, data); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("awssim state: %w", err)
	}
	return syncDir(dir)
}

func writeSynced(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// syncDir makes a rename or a new file durable.
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
