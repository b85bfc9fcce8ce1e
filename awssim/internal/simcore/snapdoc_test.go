package simcore

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"reflect"
	"testing"
	"time"
)

// snapState has the fields whose encoding a snapshot written from leaves
// must get as encoding/json does: omitempty and omitzero (with and without
// an IsZero method), maps written in key order, nil pointers and lists.
type snapState struct {
	Items   []*item          `json:"items"`
	ByKey   map[string]*item `json:"byKey"`
	Empty   string           `json:"empty,omitempty"`
	Set     string           `json:"set,omitempty"`
	When    time.Time        `json:"when,omitzero"`
	Then    time.Time        `json:"then,omitzero"`
	Count   int              `json:"count,omitzero"`
	Opt     *item            `json:"opt,omitempty"`
	Nil     *item            `json:"nil"`
	NilList []string         `json:"nilList"`
	Named   string           // no tag: its Go name
	Skipped string           `json:"-"`
	Raw     json.RawMessage  `json:"raw,omitempty"`
	Deep    map[string][]*item
}

func TestSnapshotFromLeavesIsMarshal(t *testing.T) {
	st := &snapState{
		Items: []*item{{Name: "a", Events: []string{"x<y"}}, nil},
		ByKey: map[string]*item{"z": {Name: "z"}, "b": {Name: "b"}, "m&m": {}},
		Set:   "s", Then: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Named: "n", Skipped: "no",
		Raw:  json.RawMessage(`{"k":1}`),
		Deep: map[string][]*item{"q": {{Name: "d"}}},
	}
	want, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	seed := maphash.MakeSeed()
	var prev map[string]leaf
	for round := range 2 { // the second reuses every leaf of the first
		var doc bytes.Buffer
		cut := &cutter{seed: seed, prev: prev, out: map[string]leaf{}, h: newHasher(seed), doc: &doc}
		if err := cut.cutLeaves("S", reflect.ValueOf(st), splitDepth); err != nil {
			t.Fatal(err)
		}
		if doc.String() != string(want) {
			t.Errorf("round %d: written from leaves\n%s\nwant json.Marshal's\n%s", round, doc.String(), want)
		}
		prev = cut.out
	}
}
