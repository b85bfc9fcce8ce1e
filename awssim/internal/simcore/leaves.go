package simcore

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"hash/maphash"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Leaves: a service's state cut into small JSON pieces, so that the journal
// records only the pieces a call changed.
//
// A leaf is addressed by a path from the service's state: "k:NAME" steps
// into a struct field (by its JSON name) or a map entry, "i:N" into a list
// element. The value at a path is either one JSON value (a leaf), or, for a
// struct, map or list cut further, a shape leaf at the path followed by
// "=": {} for an object, the length for a list. Structs are cut into their
// fields, and maps and lists into their elements, down to splitDepth
// levels; anything deeper, anything with its own JSON encoding and
// anything encoding/json would treat specially is one leaf.

// splitDepth is how many levels of a service's state are cut: the
// CloudFormation state, its list of stacks, one stack, its fields.
const splitDepth = 3

// leafSep joins the steps of a path into a map key.
const leafSep = "\x00"

// shapeStep ends the path of a shape leaf.
const shapeStep = "="

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// cutter cuts a state into leaves, reusing the JSON of the leaves whose
// value hashes as it did in prev. With doc set it also writes the state as
// encoding/json would (snapdoc.go), from the leaves, so that a snapshot
// costs no second encoding of the whole state.
type cutter struct {
	seed maphash.Seed
	prev map[string]leaf
	out  map[string]leaf
	h    *hasher
	doc  *bytes.Buffer

	// tracker is the service being cut, if it marks its changes
	// (tracked.go); prevParts and parts are the tracked parts of the last
	// cut and of this one; collect is the part being cut, if any; reused
	// says some part was taken as it was.
	tracker   Tracker
	prevParts map[string]part
	parts     map[string]part
	collect   *part
	reused    bool
}

// shapeLeaf adds a leaf whose JSON is known.
func (c *cutter) shapeLeaf(path string, data []byte) {
	c.out[path] = leaf{sum: maphash.Bytes(c.seed, data), data: data}
	if c.collect != nil {
		c.collect.paths = append(c.collect.paths, path)
	}
}

// cutLeaves cuts v into leaves under prefix, adding them to out.
func (c *cutter) cutLeaves(prefix string, v reflect.Value, depth int) error {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		done, collecting := c.cutTracked(prefix, v)
		if done {
			return nil
		}
		if collecting {
			defer c.endTracked(prefix)
		}
	}
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			c.shapeLeaf(prefix, []byte("null"))
			c.emit("null")
			return nil
		}
		v = v.Elem()
	}
	if depth == 0 || hasOwnEncoding(v.Type()) {
		return c.marshalLeaf(prefix, v)
	}
	switch v.Kind() {
	case reflect.Struct:
		return c.cutStruct(prefix, v, depth)
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return c.marshalLeaf(prefix, v)
		}
		c.shapeLeaf(prefix+leafSep+shapeStep, strconv.AppendInt(nil, int64(v.Len()), 10))
		c.emit("[")
		for i := range v.Len() {
			if i > 0 {
				c.emit(",")
			}
			if err := c.cutLeaves(prefix+leafSep+"i:"+strconv.Itoa(i), v.Index(i), depth-1); err != nil {
				return err
			}
		}
		c.emit("]")
		return nil
	case reflect.Map:
		if v.IsNil() || v.Type().Key().Kind() != reflect.String || v.Type().Key().Implements(textMarshalerType) {
			return c.marshalLeaf(prefix, v)
		}
		c.shapeLeaf(prefix+leafSep+shapeStep, []byte("{}"))
		if c.doc != nil {
			return c.cutMapSorted(prefix, v, depth)
		}
		it := v.MapRange()
		for it.Next() {
			if err := c.cutLeaves(prefix+leafSep+"k:"+it.Key().String(), it.Value(), depth-1); err != nil {
				return err
			}
		}
		return nil
	}
	return c.marshalLeaf(prefix, v)
}

// cutStruct cuts a struct into its fields, or keeps it whole if any field
// is embedded or asks for a special encoding.
func (c *cutter) cutStruct(prefix string, v reflect.Value, depth int) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous || strings.Contains(f.Tag.Get("json"), ",string") {
			return c.marshalLeaf(prefix, v)
		}
	}
	c.shapeLeaf(prefix+leafSep+shapeStep, []byte("{}"))
	c.emit("{")
	first := true
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		doc := c.doc
		if doc != nil && omitted(opts, v.Field(i)) {
			c.doc = nil // cut, but not written
		}
		if c.doc != nil {
			c.emitKey(name, first)
			first = false
		}
		err := c.cutLeaves(prefix+leafSep+"k:"+name, v.Field(i), depth-1)
		c.doc = doc
		if err != nil {
			return err
		}
	}
	c.emit("}")
	return nil
}

func hasOwnEncoding(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(marshalerType) || pt.Implements(marshalerType) ||
		t.Implements(textMarshalerType) || pt.Implements(textMarshalerType)
}

// marshalLeaf adds v as one leaf, encoded unless its hash is the one it
// had in prev.
func (c *cutter) marshalLeaf(path string, v reflect.Value) error {
	if c.collect != nil {
		c.collect.paths = append(c.collect.paths, path)
	}
	sum := c.h.sum(v)
	if p, ok := c.prev[path]; ok && p.sum == sum {
		c.out[path] = p
		c.emitBytes(p.data)
		return nil
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	c.out[path] = leaf{sum: sum, data: data}
	c.emitBytes(data)
	return nil
}

// leafChanges lists what turns the leaves old into new: the paths to drop,
// then the leaves to set, each in path order (a shape before what it holds).
func leafChanges(old, new map[string]leaf) (drop []string, set []string) {
	for p := range old {
		if _, ok := new[p]; !ok {
			drop = append(drop, p)
		}
	}
	for p, v := range new {
		if ov, ok := old[p]; !ok || (ov.sum != v.sum && !bytes.Equal(ov.data, v.data)) {
			set = append(set, p)
		}
	}
	sort.Strings(drop)
	sort.Strings(set)
	return drop, set
}

// jsonTree is a JSON document being put together from leaves: a node is
// one JSON value (raw) or an object or list cut into nodes.
type jsonTree struct {
	raw    json.RawMessage
	obj    map[string]*jsonTree
	keys   []string // obj's keys in the order they came
	list   []*jsonTree
	cut    bool // obj or list holds the value, not raw
	isList bool
}

// set puts a leaf at path (its steps), cutting the values on the way.
func (t *jsonTree) set(steps []string, value json.RawMessage) error {
	if len(steps) == 0 {
		*t = jsonTree{raw: value}
		return nil
	}
	if steps[0] == shapeStep {
		return t.shape(value)
	}
	child, err := t.child(steps[0], true)
	if err != nil {
		return err
	}
	return child.set(steps[1:], value)
}

// drop removes the value at path; a path that is not there is fine. A
// shape that goes takes its whole object or list with it.
func (t *jsonTree) drop(steps []string) error {
	if n := len(steps); n > 0 && steps[n-1] == shapeStep {
		steps = steps[:n-1]
	}
	if len(steps) == 0 {
		return nil
	}
	if len(steps) == 1 {
		if !t.cut {
			return nil
		}
		name, isIndex := stepName(steps[0])
		if isIndex {
			return nil // a list's length says which elements it has
		}
		if _, ok := t.obj[name]; ok {
			delete(t.obj, name)
			t.keys = deleteKey(t.keys, name)
		}
		return nil
	}
	child, err := t.child(steps[0], false)
	if err != nil || child == nil {
		return err
	}
	return child.drop(steps[1:])
}

func deleteKey(keys []string, name string) []string {
	for i, k := range keys {
		if k == name {
			return append(keys[:i], keys[i+1:]...)
		}
	}
	return keys
}

// shape makes t an object, or a list of the given length.
func (t *jsonTree) shape(value json.RawMessage) error {
	if string(value) == "{}" {
		if !t.cut || t.isList {
			if err := t.cutAs(false); err != nil {
				*t = jsonTree{cut: true, obj: map[string]*jsonTree{}}
			}
		}
		return nil
	}
	n, err := strconv.Atoi(string(value))
	if err != nil || n < 0 {
		return errBadLeaf
	}
	if !t.cut || !t.isList {
		if err := t.cutAs(true); err != nil {
			*t = jsonTree{cut: true, isList: true}
		}
	}
	for len(t.list) < n {
		t.list = append(t.list, &jsonTree{raw: json.RawMessage("null")})
	}
	t.list = t.list[:n]
	return nil
}

var errBadLeaf = errors.New("a journal record does not fit the state")

// child returns the node at one step below t, cutting t's raw value if
// need be; with create, a missing node is made.
func (t *jsonTree) child(step string, create bool) (*jsonTree, error) {
	name, isIndex := stepName(step)
	if !t.cut || t.isList != isIndex {
		if err := t.cutAs(isIndex); err != nil {
			return nil, err
		}
	}
	if isIndex {
		i, err := strconv.Atoi(name)
		if err != nil || i < 0 {
			return nil, errBadLeaf
		}
		for len(t.list) <= i {
			t.list = append(t.list, &jsonTree{raw: json.RawMessage("null")})
		}
		return t.list[i], nil
	}
	c, ok := t.obj[name]
	if !ok && create {
		c = &jsonTree{raw: json.RawMessage("null")}
		t.obj[name] = c
		t.keys = append(t.keys, name)
	}
	return c, nil
}

func stepName(step string) (name string, isIndex bool) {
	return step[2:], strings.HasPrefix(step, "i:")
}

// cutAs turns t's raw value into an object or a list of nodes.
func (t *jsonTree) cutAs(list bool) error {
	raw := bytes.TrimSpace(t.raw)
	nt := jsonTree{cut: true, isList: list}
	if list {
		var elems []json.RawMessage
		if len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &elems); err != nil {
				return err
			}
		}
		for _, e := range elems {
			nt.list = append(nt.list, &jsonTree{raw: e})
		}
		*t = nt
		return nil
	}
	nt.obj = map[string]*jsonTree{}
	if len(raw) > 0 && string(raw) != "null" {
		dec := json.NewDecoder(bytes.NewReader(raw))
		var members map[string]json.RawMessage
		if err := dec.Decode(&members); err != nil {
			return err
		}
		nt.keys = sortedKeys(members)
		for k, m := range members {
			nt.obj[k] = &jsonTree{raw: m}
		}
	}
	*t = nt
	return nil
}

// sortedKeys lists a map's keys in order (the order of an object's
// members means nothing to encoding/json).
func sortedKeys[V any](members map[string]V) []string {
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// encode writes the document.
func (t *jsonTree) encode(b *bytes.Buffer) {
	switch {
	case !t.cut:
		if len(t.raw) == 0 {
			b.WriteString("null")
			return
		}
		b.Write(t.raw)
	case t.isList:
		b.WriteByte('[')
		for i, e := range t.list {
			if i > 0 {
				b.WriteByte(',')
			}
			e.encode(b)
		}
		b.WriteByte(']')
	default:
		b.WriteByte('{')
		for i, k := range t.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			key, _ := json.Marshal(k)
			b.Write(key)
			b.WriteByte(':')
			t.obj[k].encode(b)
		}
		b.WriteByte('}')
	}
}
