package stacks

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// canonicalJSON encodes v with sorted keys, a two-space indent, no HTML
// escaping and a final newline — byte for byte what encoding/json's Encoder
// with SetIndent("", "  ") and SetEscapeHTML(false) writes — without
// reflection for the values templates are made of (obj, list, []string,
// map[string]string, strings, numbers, booleans, nil). Templates are most
// of compile time, so this matters: see BenchmarkCompile.
func canonicalJSON(v any) []byte {
	data, _ := canonicalJSONSized(v)
	return data
}

// canonicalJSONSized is canonicalJSON(v) and its compact size
// (compactSize), counted while writing.
func canonicalJSONSized(v any) ([]byte, int) {
	buf := writers.Get().(*jsonWriter)
	defer writers.Put(buf)
	buf.Reset()
	buf.space = 0
	writeJSON(buf, v, 0)
	buf.WriteByte('\n')
	buf.space++
	return bytes.Clone(buf.Bytes()), buf.Len() - buf.space
}

// writers are buffers templates are written to and then copied from:
// written to a fresh buffer, a template of tens of kilobytes was copied as
// often as the buffer doubled, and kept a buffer up to twice its size.
var writers = sync.Pool{New: func() any { return new(jsonWriter) }}

// jsonWriter is what templates are written to. It counts the whitespace
// it writes between tokens, so that the compact size of what it wrote is
// known without reading it again: the limits check every template's.
type jsonWriter struct {
	bytes.Buffer
	space int
}

func writeJSON(buf *jsonWriter, v any, depth int) {
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case string:
		writeString(buf, x)
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case int:
		buf.WriteString(strconv.Itoa(x))
	case float64:
		writeFloat(buf, x)
	case obj:
		writeObject(buf, x, depth)
	case fields:
		writeFields(buf, x, depth)
	case *fields:
		writeFields(buf, *x, depth)
	case *stringParam:
		buf.WriteByte('{')
		writeKey(buf, "Description", true, depth)
		writeString(buf, x.description)
		writeKey(buf, "Type", false, depth)
		buf.WriteString(`"String"`)
		newline(buf, depth)
		buf.WriteByte('}')
	case *outputDecl:
		buf.WriteByte('{')
		if x.export != "" {
			writeKey(buf, "Export", true, depth)
			buf.WriteByte('{')
			writeKey(buf, "Name", true, depth+1)
			writeString(buf, x.export)
			newline(buf, depth+1)
			buf.WriteByte('}')
		}
		writeKey(buf, "Value", x.export == "", depth)
		writeJSON(buf, x.value, depth+1)
		newline(buf, depth)
		buf.WriteByte('}')
	case *nameValue:
		buf.WriteByte('{')
		newline(buf, depth+1)
		buf.WriteString(`"Name"`)
		colon(buf, depth)
		writeString(buf, x.name)
		buf.WriteByte(',')
		newline(buf, depth+1)
		writeString(buf, x.key)
		colon(buf, depth)
		writeJSON(buf, x.value, depth+1)
		newline(buf, depth)
		buf.WriteByte('}')
	case *resource:
		var members [8]pair
		writeFields(buf, x.members(members[:0]), depth)
	case refFn:
		writeFn(buf, "Ref", depth)
		writeString(buf, x.Name)
		endFn(buf, depth)
	case getAttFn:
		writeFn(buf, "Fn::GetAtt", depth)
		buf.WriteByte('[')
		newline(buf, depth+2)
		writeString(buf, x.Resource)
		buf.WriteByte(',')
		newline(buf, depth+2)
		writeString(buf, x.Attribute)
		newline(buf, depth+1)
		buf.WriteByte(']')
		endFn(buf, depth)
	case subFn:
		writeFn(buf, "Fn::Sub", depth)
		writeString(buf, x.Text)
		endFn(buf, depth)
	case importFn:
		writeFn(buf, "Fn::ImportValue", depth)
		writeString(buf, x.Name)
		endFn(buf, depth)
	case joinFn:
		writeFn(buf, "Fn::Join", depth)
		writeSepAnd(buf, x.Sep, x.Parts, depth+1)
		endFn(buf, depth)
	case splitFn:
		writeFn(buf, "Fn::Split", depth)
		writeSepAnd(buf, x.Sep, x.Value, depth+1)
		endFn(buf, depth)
	case map[string]string:
		m := make(obj, len(x))
		for k, s := range x {
			m[k] = s
		}
		writeObject(buf, m, depth)
	case list:
		if x == nil {
			buf.WriteString("null")
			return
		}
		writeList(buf, len(x), func(i int) any { return x[i] }, depth)
	case *list:
		l := *x
		if l == nil {
			buf.WriteString("null")
			return
		}
		writeList(buf, len(l), func(i int) any { return l[i] }, depth)
	case []string:
		writeStrings(buf, x, depth)
	default:
		writeReflected(buf, v, depth)
	}
}

func writeObject(buf *jsonWriter, m obj, depth int) {
	if m == nil {
		buf.WriteString("null")
		return
	}
	if len(m) == 0 {
		buf.WriteString("{}")
		return
	}
	buf.WriteByte('{')
	var small [16]string // most objects: no allocation for their keys
	keys := small[:0]
	if len(m) > len(small) {
		keys = make([]string, 0, len(m)) // sized once: slices.Collect grows
	}
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		writeKey(buf, k, i == 0, depth)
		writeJSON(buf, m[k], depth+1)
	}
	newline(buf, depth)
	buf.WriteByte('}')
}

// writeFields writes f as the object of its members, keys sorted (see
// fields). The order is sorted on the stack for objects of up to 32
// members, in place of f, which may be shared.
func writeFields(buf *jsonWriter, f fields, depth int) {
	if len(f) == 0 {
		buf.WriteString("{}")
		return
	}
	var small [32]int
	var order []int
	if len(f) <= len(small) {
		order = small[:len(f)]
	} else {
		order = make([]int, len(f))
	}
	// Insertion sort: members are few, and most are written in order.
	for i := range order {
		j := i
		for ; j > 0 && f[order[j-1]].key > f[i].key; j-- {
			order[j] = order[j-1]
		}
		order[j] = i
	}
	buf.WriteByte('{')
	for n, i := range order {
		writeKey(buf, f[i].key, n == 0, depth)
		writeJSON(buf, f[i].val, depth+1)
	}
	newline(buf, depth)
	buf.WriteByte('}')
}

// writeStrings writes a list of strings as writeList does, without
// putting each string in an interface.
func writeStrings(buf *jsonWriter, ss []string, depth int) {
	switch {
	case ss == nil:
		buf.WriteString("null")
		return
	case len(ss) == 0:
		buf.WriteString("[]")
		return
	}
	buf.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			buf.WriteByte(',')
		}
		newline(buf, depth+1)
		writeString(buf, s)
	}
	newline(buf, depth)
	buf.WriteByte(']')
}

func writeList(buf *jsonWriter, n int, item func(int) any, depth int) {
	if n == 0 {
		buf.WriteString("[]")
		return
	}
	buf.WriteByte('[')
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		newline(buf, depth+1)
		writeJSON(buf, item(i), depth+1)
	}
	newline(buf, depth)
	buf.WriteByte(']')
}

// writeKey starts member key of an object at depth: a comma unless it is
// the first member, a new line, the key and the colon.
func writeKey(buf *jsonWriter, key string, first bool, depth int) {
	if !first {
		buf.WriteByte(',')
	}
	newline(buf, depth+1)
	writeString(buf, key)
	colon(buf, depth)
}

// writeSepAnd writes the list [sep, v] at depth.
func writeSepAnd(buf *jsonWriter, sep string, v any, depth int) {
	buf.WriteByte('[')
	newline(buf, depth+1)
	writeString(buf, sep)
	buf.WriteByte(',')
	newline(buf, depth+1)
	writeJSON(buf, v, depth+1)
	newline(buf, depth)
	buf.WriteByte(']')
}

// writeFn opens the one-key object of an intrinsic function, up to its
// argument; endFn closes it.
func writeFn(buf *jsonWriter, name string, depth int) {
	buf.WriteByte('{')
	newline(buf, depth+1)
	buf.WriteByte('"')
	buf.WriteString(name) // plain
	buf.WriteByte('"')
	colon(buf, depth)
}

func endFn(buf *jsonWriter, depth int) {
	newline(buf, depth)
	buf.WriteByte('}')
}

// colon separates a member's key from its value.
func colon(buf *jsonWriter, depth int) {
	if depth < 0 {
		buf.WriteByte(':')
		return
	}
	buf.WriteString(": ")
	buf.space++
}

// spaces indents up to 32 levels in one write; deeper levels loop.
const spaces = "                                                                "

// compactDepth is the depth of compact output (compactJSON): below zero
// however deep it nests, where no whitespace is written.
const compactDepth = math.MinInt / 2

func newline(buf *jsonWriter, depth int) {
	if depth < 0 {
		return
	}
	buf.space += 1 + 2*depth
	buf.WriteByte('\n')
	for ; depth > len(spaces)/2; depth -= len(spaces) / 2 {
		buf.WriteString(spaces)
	}
	buf.WriteString(spaces[:2*depth])
}

// writeString writes s quoted; strings that need escaping go through
// encoding/json so that the escapes are exactly its.
func writeString(buf *jsonWriter, s string) {
	if plain(s) {
		buf.WriteByte('"')
		buf.WriteString(s)
		buf.WriteByte('"')
		return
	}
	writeEscaped(buf, s)
}

// writeEscaped writes s quoted with encoding/json's escapes, HTML
// characters unescaped: those quotedSize counts (TestWriteEscaped).
func writeEscaped(buf *jsonWriter, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	start := 0 // of what is not written yet
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf.WriteString(s[start:i])
			switch c {
			case '"', '\\':
				buf.Write([]byte{'\\', c})
			case '\b':
				buf.WriteString(`\b`)
			case '\f':
				buf.WriteString(`\f`)
			case '\n':
				buf.WriteString(`\n`)
			case '\r':
				buf.WriteString(`\r`)
			case '\t':
				buf.WriteString(`\t`)
			default:
				buf.Write([]byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xF]})
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf.WriteString(s[start:i])
			buf.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			buf.WriteString(s[start:i])
			buf.Write([]byte{'\\', 'u', '2', '0', '2', hex[r&0xF]})
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// plain reports whether s needs no escaping in JSON: no control
// character, quote or backslash, only valid UTF-8 and neither U+2028 nor
// U+2029. Every string of a template is looked at, most of them ASCII, so
// ASCII is checked eight bytes at a time; a word with a byte of 0x80 or
// more is checked byte by byte.
func plain(s string) bool {
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			b := s[i : i+8] // one bounds check for the word's eight bytes
			w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
			if w&highBits == 0 {
				if hasLess(w, 0x20) || hasZero(w^(lowBits*'"')) || hasZero(w^(lowBits*'\\')) {
					return false
				}
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
}

const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// hasZero reports whether a byte of w is zero.
func hasZero(w uint64) bool { return (w-lowBits)&^w&highBits != 0 }

// hasLess reports whether a byte of w, all below 0x80, is below n (at most
// 0x80).
func hasLess(w, n uint64) bool { return (w-lowBits*n)&^w&highBits != 0 }

// writeFloat formats like encoding/json in the range it uses %f for.
func writeFloat(buf *jsonWriter, f float64) {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsInf(f, 0) || math.IsNaN(f) {
		writeReflected(buf, f, 0)
		return
	}
	buf.WriteString(strconv.FormatFloat(f, 'f', -1, 64))
}

// writeReflected encodes anything else with encoding/json, indented to
// depth.
func writeReflected(buf *jsonWriter, v any, depth int) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if depth >= 0 {
		prefix := ""
		for range depth {
			prefix += "  "
		}
		enc.SetIndent(prefix, "  ")
	}
	if err := enc.Encode(v); err != nil {
		panic("stacks: encoding a template: " + err.Error()) // invariant: only JSON-safe values
	}
	out := bytes.TrimRight(b.Bytes(), "\n")
	buf.Write(out)
	buf.space += len(out) - compactSize(out)
}
