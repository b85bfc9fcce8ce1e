package stacks

import (
	"strconv"
	"unicode/utf8"
)

// A validation (Options.SizesOnly) needs of most templates only their size
// and named resources, not their text: writing every template as sorted,
// indented JSON was most of validate's compiling. jsonSize counts the
// bytes of the compact JSON canonicalJSON's output compacts to — what
// compactSize says of it — without sorting keys or writing anything but
// the rare values that are not plain strings, numbers or containers.

// jsonSize is the length of canonicalJSON(v) compacted (encoding/json's
// Compact), which compactSize counts for objects and arrays.
func jsonSize(v any) int {
	switch x := v.(type) {
	case nil:
		return 4
	case string:
		return stringSize(x)
	case bool:
		if x {
			return 4
		}
		return 5
	case int:
		return len(strconv.Itoa(x))
	case obj:
		if x == nil {
			return 4
		}
		n := 2 + len(x) - 1 // braces, commas
		if len(x) == 0 {
			return 2
		}
		for k, e := range x {
			n += stringSize(k) + 1 + jsonSize(e)
		}
		return n
	case *stringParam:
		return 2 + len(`"Description":`) + stringSize(x.description) + 1 + len(`"Type":"String"`)
	case *outputDecl:
		n := 2 + len(`"Value":`) + jsonSize(x.value)
		if x.export != "" {
			n += len(`"Export":{"Name":}`) + stringSize(x.export) + 1
		}
		return n
	case *nameValue:
		return 2 + len(`"Name":`) + stringSize(x.name) + 1 + stringSize(x.key) + 1 + jsonSize(x.value)
	case *resource:
		var members [8]pair
		return fieldsSize(x.members(members[:0]))
	case fields:
		return fieldsSize(x)
	case *fields:
		return fieldsSize(*x)
	case refFn:
		return fnSize(len("Ref"), stringSize(x.Name))
	case getAttFn:
		return fnSize(len("Fn::GetAtt"), 3+stringSize(x.Resource)+stringSize(x.Attribute))
	case subFn:
		return fnSize(len("Fn::Sub"), stringSize(x.Text))
	case importFn:
		return fnSize(len("Fn::ImportValue"), stringSize(x.Name))
	case joinFn:
		return fnSize(len("Fn::Join"), 3+stringSize(x.Sep)+jsonSize(x.Parts))
	case splitFn:
		return fnSize(len("Fn::Split"), 3+stringSize(x.Sep)+jsonSize(x.Value))
	case map[string]string:
		if len(x) == 0 {
			return 2
		}
		n := 2 + len(x) - 1
		for k, e := range x {
			n += stringSize(k) + 1 + stringSize(e)
		}
		return n
	case list:
		return seqSize(x, x == nil, jsonSize)
	case *list:
		return seqSize(*x, *x == nil, jsonSize)
	case []string:
		return seqSize(x, x == nil, stringSize)
	}
	// Anything else is written as canonicalJSON writes it, and counted.
	var buf jsonWriter
	writeJSON(&buf, v, 0)
	return compactSize(buf.Bytes())
}

// fieldsSize is the compact size of the object of f's members.
func fieldsSize(f fields) int {
	if len(f) == 0 {
		return 2
	}
	n := 2 + len(f) - 1
	for _, p := range f {
		n += stringSize(p.key) + 1 + jsonSize(p.val)
	}
	return n
}

// fnSize is the size of an intrinsic function's object: braces, its
// quoted name (plain), a colon and its argument.
func fnSize(name, arg int) int {
	return 2 + name + 2 + 1 + arg
}

func stringSize(s string) int {
	if plain(s) {
		return len(s) + 2
	}
	return quotedSize(s)
}

// quotedSize is the length of s written as a JSON string, quotes
// included, with encoding/json's escapes (HTML characters unescaped): a
// backslash and a letter for the quote, the backslash and the usual control
// characters, \u and four digits for the other control characters, U+2028,
// U+2029 and each byte that is not UTF-8 (written as U+FFFD).
func quotedSize(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t':
				n += 2
			case c < 0x20:
				n += 6
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			n += 6
		} else {
			n += size
		}
		i += size
	}
	return n
}

// size is compactSize(t.json()).
func (t *template) size() int {
	return jsonSize(t.document())
}

// seqSize is the compact JSON size of a list whose elements measure each:
// null when nil, [] when empty, else brackets, commas and the elements.
func seqSize[T any](xs []T, isNil bool, each func(T) int) int {
	if isNil {
		return 4
	}
	if len(xs) == 0 {
		return 2
	}
	n := 2 + len(xs) - 1
	for _, e := range xs {
		n += each(e)
	}
	return n
}
