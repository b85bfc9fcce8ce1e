package awssim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// The state file.
//
// With Options.StateDir the simulator keeps its whole state — SSM
// parameters, STS sessions, Route 53 zones, S3 buckets, ECR repositories
// and their images, and whatever CloudFormation's snapshot returns — in
// DIR/state.json. New reads it back before the simulator serves anything.
//
// Contract for handlers: a handler that changes state calls s.persist() once
// the change is complete, while it still holds Sim.mu, so that the file
// always holds a state some sequence of whole calls produced. persist writes
// a temporary file in DIR, fsyncs it, renames it over state.json and fsyncs
// DIR: a crash at any point leaves either the previous state or the new one,
// never a mix. Without a StateDir persist does nothing and costs nothing.
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

// stateDoc is the content of state.json.
type stateDoc struct {
	Version int
	// Clock is the simulated time of the snapshot: a simulator restarted on
	// the state resumes from it, so stack operations scheduled in simulated
	// time never run backwards across restarts (a scaled clock runs ahead of
	// the wall clock).
	Clock          time.Time
	SSM            map[string]map[string]*parameter
	STS            map[string]*stsSession
	CloudFormation json.RawMessage
	// Route53 holds the zones and records the Route 53 API made; those of
	// stacks are part of CloudFormation's state.
	Route53 *r53State `json:",omitempty"`
	// S3 holds every bucket and its objects, those of stacks included.
	S3 *s3State `json:",omitempty"`
	// ECR holds every repository and its images, those of stacks included.
	ECR *ecrState `json:",omitempty"`
}

// openStore reads DIR/state.json into the services of s, if it exists.
func openStore(dir string, s *Sim) (*store, error) {
	st := &store{dir: dir}
	if dir == "" {
		return st, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("awssim state: %w", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("awssim state: %w", err)
	}
	if err := s.restore(data); err != nil {
		return nil, fmt.Errorf("awssim state %s: %w", filepath.Join(dir, stateFile), err)
	}
	return st, nil
}

// restore loads a state document into the services.
func (s *Sim) restore(data []byte) error {
	var doc stateDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	if doc.Version != stateVersion {
		return fmt.Errorf("state version %d, this simulator reads version %d", doc.Version, stateVersion)
	}
	if r, ok := s.clock.(interface{ Resume(time.Time) }); ok {
		r.Resume(doc.Clock)
	}
	if doc.SSM != nil {
		s.ssm.stores = doc.SSM
	}
	if doc.STS != nil {
		s.sts.sessions = doc.STS
	}
	if doc.Route53 != nil {
		s.r53.st = doc.Route53
	}
	if doc.S3 != nil {
		s.s3.st = doc.S3
	}
	if doc.ECR != nil {
		s.ecr.st = doc.ECR
	}
	if len(doc.CloudFormation) == 0 {
		return nil
	}
	return s.cfn.restore(doc.CloudFormation)
}

// persist writes the whole state to the state file, if there is one. The
// caller holds s.mu and has finished its change. A failure is kept and
// reported by StateError; the in-memory state stays authoritative.
func (s *Sim) persist() {
	if s.store == nil || s.store.dir == "" {
		return
	}
	doc, err := s.snapshot()
	if err == nil {
		err = s.store.write(doc)
	}
	s.store.err = err
}

// StateError returns the error of the last failed write of the state file,
// or nil if the last write succeeded or there is no state file. It takes
// s.mu: handlers must not call it.
func (s *Sim) StateError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.store == nil {
		return nil
	}
	return s.store.err
}

// snapshot collects the state of every service. Called with s.mu held.
func (s *Sim) snapshot() (stateDoc, error) {
	cfn, err := json.Marshal(s.cfn.snapshot())
	if err != nil {
		return stateDoc{}, fmt.Errorf("awssim state: CloudFormation snapshot: %w", err)
	}
	return stateDoc{Version: stateVersion, Clock: s.clock.Now(), SSM: s.ssm.stores, STS: s.sts.sessions, CloudFormation: cfn, Route53: s.r53.st, S3: s.s3.st, ECR: s.ecr.st}, nil
}

// write replaces the state file atomically with v as JSON.
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
