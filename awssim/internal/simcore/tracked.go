package simcore

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
)

// Tracked parts: a service that knows which parts of its state a call may
// have changed spares the Core from hashing the others on every commit.
//
// A service implementing Tracker answers, for a pointer met while its state
// is cut, whether it tracks that part and whether the part is unchanged
// since the last cut. The leaves of an unchanged part are taken as they
// were, without hashing, when the same pointer sits at the same path as at
// the last cut. The service marks a part changed (or simply reached by a
// call that may change it) before or while it changes it; Cut tells it the
// state was cut, so that it forgets its marks. A part it does not track is
// hashed as before, so a service may track only its big, hot parts (the
// CloudFormation stacks) and leave the rest to the hashes.

// Tracker is implemented by services that mark the parts a call changes.
type Tracker interface {
	// Unchanged reports whether p (a pointer in the state) is a part the
	// service tracks and, if so, whether it is unchanged since the last Cut.
	Unchanged(p any) (tracked, unchanged bool)
	// Cut is called, with the lock held, once the state has been cut.
	Cut()
}

// VerifyTracked makes every cut that took tracked parts as they were also
// cut the whole state from the values and panic if the two differ: a part
// a service changed without marking it. Tests set it; it costs what
// tracking saves.
var VerifyTracked bool

// part is where a tracked part's leaves came from at the last cut.
type part struct {
	ptr   uintptr
	paths []string
}

// cutTracked takes a tracked part at prefix as it was at the last cut, if
// it is unchanged and still the same pointer there. It reports whether it
// did. Otherwise it starts collecting the part's paths.
func (c *cutter) cutTracked(prefix string, v reflect.Value) (done, collecting bool) {
	if c.tracker == nil || c.collect != nil || !v.CanInterface() {
		return false, false
	}
	tracked, unchanged := c.tracker.Unchanged(v.Interface())
	if !tracked {
		return false, false
	}
	ptr := v.Pointer()
	if was, ok := c.prevParts[prefix]; ok && unchanged && was.ptr == ptr && c.doc == nil {
		for _, p := range was.paths {
			l, ok := c.prev[p]
			if !ok {
				goto cut // the leaves on disk are not those of the last cut
			}
			c.out[p] = l
		}
		c.parts[prefix] = was
		c.reused = true
		return true, false
	}
cut:
	c.collect = &part{ptr: ptr}
	return false, true
}

// endTracked records the part collected at prefix.
func (c *cutter) endTracked(prefix string) {
	c.parts[prefix] = *c.collect
	c.collect = nil
}

// verify cuts the state again from the values alone and compares.
func (c *Core) verifyCut(got map[string]leaf) error {
	full := &cutter{seed: c.store.seed, out: make(map[string]leaf, len(got)), h: newHasher(c.store.seed), parts: map[string]part{}}
	for _, s := range c.services {
		if snap := s.Snapshot(); snap != nil {
			if err := full.cutLeaves(s.StateKey(), reflect.ValueOf(snap), splitDepth); err != nil {
				return err
			}
		}
	}
	var diff []string
	for p, l := range full.out {
		if g, ok := got[p]; !ok || !bytes.Equal(g.data, l.data) {
			diff = append(diff, p)
		}
	}
	for p := range got {
		if _, ok := full.out[p]; !ok {
			diff = append(diff, p)
		}
	}
	if len(diff) > 0 {
		sort.Strings(diff)
		return fmt.Errorf("awssim state: parts changed without being marked: %q", diff)
	}
	return nil
}
