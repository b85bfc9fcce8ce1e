package schema

import (
	"fmt"
	"strings"
)

// A value imported from another CloudFormation stack (import_value("NAME"),
// Copilot's from_cfn) is known only when CloudFormation deploys the
// template. Evaluation leaves a marker in its place, inside the string
// that holds it; the compiler turns a string with markers into
// Fn::ImportValue (alone) or Fn::Join (among text). The marker is made of
// two characters of Unicode's private use area, which no file means as
// text.
const (
	importOpen  = "\uE000import:"
	importClose = "\uE001"
)

// ImportMarker is the marker of the export named name.
func ImportMarker(name string) string { return importOpen + name + importClose }

// HasImport reports whether s holds a marker.
func HasImport(s string) bool { return strings.Contains(s, importOpen) }

// StringPart is a piece of a string: text, or the name of an export.
type StringPart struct {
	Text   string
	Import string // the export's name; Text is empty then
}

// SplitImports cuts s into text and imports, in order; a string without
// markers is one text part.
func SplitImports(s string) []StringPart {
	var parts []StringPart
	for {
		i := strings.Index(s, importOpen)
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], importClose)
		if j < 0 {
			break
		}
		if i > 0 {
			parts = append(parts, StringPart{Text: s[:i]})
		}
		parts = append(parts, StringPart{Import: s[i+len(importOpen) : i+j]})
		s = s[i+j+len(importClose):]
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, StringPart{Text: s})
	}
	return parts
}

// OnlyImport returns the export's name when s is one marker and nothing
// else.
func OnlyImport(s string) (string, bool) {
	p := SplitImports(s)
	if len(p) == 1 && p[0].Import != "" {
		return p[0].Import, true
	}
	return "", false
}

// exportNameRE is what CloudFormation accepts as an export's name.
var exportNameRE = lazyRegexp(`^[A-Za-z0-9:-]{1,255}$`)

// CheckExportName reports whether name is a CloudFormation export's name:
// 1 to 255 letters, digits, colons and hyphens.
func CheckExportName(name string) error {
	if !exportNameRE().MatchString(name) {
		return fmt.Errorf("an export's name is 1 to 255 letters, digits, colons and hyphens, as CloudFormation names them")
	}
	return nil
}
