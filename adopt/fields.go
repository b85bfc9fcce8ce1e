package adopt

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// fields reads one mapping of a manifest and remembers what it read, so
// that what is left over is known: the fields nobody mapped.
type fields struct {
	path string // "http.healthcheck"; "" at the top
	m    map[string]any
	used map[string]bool
}

func newFields(path string, m map[string]any) *fields {
	return &fields{path: path, m: m, used: map[string]bool{}}
}

// parseManifest decodes a manifest's YAML into a mapping.
func parseManifest(src []byte) (map[string]any, error) {
	var m map[string]any
	if err := yaml.Unmarshal(src, &m); err != nil {
		return nil, err
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

func (f *fields) has(k string) bool { _, ok := f.m[k]; return ok }

func (f *fields) get(k string) any {
	f.used[k] = true
	return f.m[k]
}

func (f *fields) str(k string) string {
	v := f.get(k)
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func (f *fields) sub(k string) *fields {
	m, _ := f.get(k).(map[string]any)
	if m == nil {
		return nil
	}
	return newFields(f.join(k), m)
}

func (f *fields) join(k string) string {
	if f.path == "" {
		return k
	}
	return f.path + "." + k
}

// rest lists the fields not read, as paths, sorted.
func (f *fields) rest() []string {
	var out []string
	for k := range f.m {
		if !f.used[k] {
			out = append(out, f.join(k))
		}
	}
	sort.Strings(out)
	return out
}

// strList reads a string or a list of strings as a list.
func strList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

// commandList reads a command: a list as it is, a string split on spaces
// as Copilot splits it (with quotes kept together).
func commandList(v any) []string {
	s, ok := v.(string)
	if !ok {
		return strList(v)
	}
	var out []string
	var cur strings.Builder
	quote := rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote == 0 && (r == '"' || r == '\''):
			quote = r
		case quote == 0 && r == ' ':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// duration writes a Copilot duration ("10s", "1m30s", 30 for seconds) as
// flightplan's ("10s", "1m30s").
func duration(v any) any {
	switch v := v.(type) {
	case nil:
		return nil
	case int:
		return (time.Duration(v) * time.Second).String()
	case string:
		if d, err := time.ParseDuration(v); err == nil {
			return shortDuration(d)
		}
		return v
	}
	return fmt.Sprint(v)
}

func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.Replace(s, "m0s", "m", 1)
	return strings.Replace(s, "h0m", "h", 1)
}

// stringMap reads a mapping of strings.
func stringMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	if m == nil {
		return nil
	}
	out := map[string]any{}
	for k, e := range m {
		out[k] = fmt.Sprint(e)
	}
	return out
}

// number reads an int given as a number or a string.
func number(v any) any {
	switch v := v.(type) {
	case int, float64:
		return v
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return nil
}

// merge applies a Copilot environment override to a manifest: mappings
// merge key by key, anything else replaces.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		b, okB := out[k].(map[string]any)
		o, okO := v.(map[string]any)
		if okB && okO {
			out[k] = merge(b, o)
			continue
		}
		out[k] = v
	}
	return out
}

// sortedKeys lists a mapping's keys in order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
