package simcore

import (
	"reflect"
	"slices"
	"strings"
)

// Writing a snapshot from the leaves: while it cuts the state, the cutter
// writes each leaf's JSON (reused when the value did not change) into the
// document, with the structs, lists and maps around them written as
// encoding/json writes them: fields in order without those omitempty or
// omitzero leave out, map keys sorted. The document is what json.Marshal
// would write of the state, but only the leaves that changed are encoded.

func (c *cutter) emit(s string) {
	if c.doc != nil {
		c.doc.WriteString(s)
	}
}

func (c *cutter) emitBytes(b []byte) {
	if c.doc != nil {
		c.doc.Write(b)
	}
}

// emitKey writes an object member's name, after a comma unless first.
func (c *cutter) emitKey(name string, first bool) {
	if !first {
		c.doc.WriteByte(',')
	}
	writeJSONString(c.doc, name)
	c.doc.WriteByte(':')
}

// cutMapSorted cuts a map with string keys into its entries in key order
// and writes it as an object.
func (c *cutter) cutMapSorted(prefix string, v reflect.Value, depth int) error {
	keys := make([]string, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	slices.Sort(keys)
	c.emit("{")
	for i, k := range keys {
		c.emitKey(k, i == 0)
		kv := reflect.New(v.Type().Key()).Elem()
		kv.SetString(k)
		if err := c.cutLeaves(prefix+leafSep+"k:"+k, v.MapIndex(kv), depth-1); err != nil {
			return err
		}
	}
	c.emit("}")
	return nil
}

// omitted reports whether encoding/json leaves out a field with the tag
// options opts and value v.
func omitted(opts string, v reflect.Value) bool {
	for o := range strings.SplitSeq(opts, ",") {
		switch {
		case o == "omitempty" && isEmpty(v):
			return true
		case o == "omitzero" && isZero(v):
			return true
		}
	}
	return false
}

// isEmpty is encoding/json's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// isZeroer is what omitzero asks of a type that says when it is zero.
type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeFor[isZeroer]()

// isZero is encoding/json's omitzero test: the value's IsZero method if it
// has one (a nil pointer is zero), else the zero value of its type.
func isZero(v reflect.Value) bool {
	t := v.Type()
	switch {
	case t.Kind() == reflect.Pointer && t.Implements(isZeroerType):
		return v.IsNil() || v.Interface().(isZeroer).IsZero()
	case t.Kind() == reflect.Interface && t.Implements(isZeroerType):
		return v.IsNil() || v.Interface().(isZeroer).IsZero()
	case t.Implements(isZeroerType):
		return v.Interface().(isZeroer).IsZero()
	case reflect.PointerTo(t).Implements(isZeroerType):
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}
