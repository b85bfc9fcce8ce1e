package simcore

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
	"time"
)

// A leaf is marshalled only when its value changed since the last cut: a
// hash of the value, walked by reflection, costs a fraction of encoding it
// to JSON, and most of the state is the same from one call to the next.

// leaf is one leaf's JSON and the hash of the value it was made from.
type leaf struct {
	sum  uint64
	data []byte
}

var timeType = reflect.TypeFor[time.Time]()

// hasher hashes values.
type hasher struct {
	h    maphash.Hash
	seed maphash.Seed
	b    [8]byte
}

func newHasher(seed maphash.Seed) *hasher {
	x := &hasher{seed: seed}
	x.h.SetSeed(seed)
	return x
}

// sum returns the hash of v.
func (x *hasher) sum(v reflect.Value) uint64 {
	x.h.Reset()
	x.value(v)
	return x.h.Sum64()
}

func (x *hasher) putInt(n uint64) {
	binary.LittleEndian.PutUint64(x.b[:], n)
	_, _ = x.h.Write(x.b[:])
}

// value writes v: everything encoding/json could read from it, and more
// (unexported fields, by value; their references, by address).
func (x *hasher) value(v reflect.Value) {
	h := &x.h
	switch v.Kind() {
	case reflect.Invalid:
		_ = h.WriteByte(0)
	case reflect.Bool:
		if v.Bool() {
			_ = h.WriteByte(1)
		} else {
			_ = h.WriteByte(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x.putInt(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x.putInt(v.Uint())
	case reflect.Float32, reflect.Float64:
		x.putInt(math.Float64bits(v.Float()))
	case reflect.String:
		x.putInt(uint64(v.Len()))
		_, _ = h.WriteString(v.String())
	case reflect.Slice, reflect.Array:
		x.list(v)
	case reflect.Map:
		x.dict(v)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			_ = h.WriteByte(3)
			return
		}
		if v.Kind() == reflect.Interface {
			_, _ = h.WriteString(v.Elem().Type().String())
		}
		x.value(v.Elem())
	case reflect.Struct:
		x.fields(v)
	default: // funcs, channels: by address
		x.putInt(uint64(v.Pointer()))
	}
}

func (x *hasher) list(v reflect.Value) {
	h := &x.h
	if v.Kind() == reflect.Slice && v.IsNil() {
		_ = h.WriteByte(3)
		return
	}
	x.putInt(uint64(v.Len()))
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
		_, _ = h.Write(v.Bytes())
		return
	}
	for i := range v.Len() {
		x.value(v.Index(i))
	}
}

// hashMap adds up the hashes of the entries, so that their order does not
// matter.
func (x *hasher) dict(v reflect.Value) {
	h := &x.h
	if v.IsNil() {
		_ = h.WriteByte(3)
		return
	}
	x.putInt(uint64(v.Len()))
	var sum uint64
	entry := newHasher(x.seed)
	it := v.MapRange()
	for it.Next() {
		entry.h.Reset()
		entry.value(it.Key())
		entry.value(it.Value())
		sum += entry.h.Sum64()
	}
	x.putInt(sum)
}

func (x *hasher) fields(v reflect.Value) {
	if v.Type() == timeType && v.CanInterface() {
		t := v.Interface().(time.Time)
		_, off := t.Zone()
		x.putInt(uint64(t.UnixNano()))
		x.putInt(uint64(off))
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		if !t.Field(i).IsExported() && (f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface ||
			f.Kind() == reflect.Map || f.Kind() == reflect.Slice) {
			x.putInt(uint64(addrOf(f)))
			continue
		}
		x.value(f)
	}
}

// addrOf is where an unexported reference points; a nil one is 0.
func addrOf(v reflect.Value) uintptr {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return 0
		}
		v = v.Elem()
		if v.Kind() != reflect.Pointer && v.Kind() != reflect.Map && v.Kind() != reflect.Slice {
			return 1
		}
	}
	return v.Pointer()
}
