package logs

import (
	"strings"

	"flightplan/awssim/internal/simcore"
)

// compilePattern turns a filter pattern for unstructured events into a
// matcher: terms that must all appear ("ERROR timeout"), quoted phrases
// ("\"connection refused\""), terms of which one must appear ("?ERROR
// ?WARN"), and terms that must not ("-DEBUG" after another term). JSON and
// space-delimited patterns ({ … }, [ … ]) are refused as not simulated.
func compilePattern(p string) (func(string) bool, error) {
	p = strings.TrimSpace(p)
	if strings.HasPrefix(p, "{") || strings.HasPrefix(p, "[") {
		return nil, simcore.Errorf("InvalidParameterException", "the simulator matches terms, quoted phrases, ?any and -exclude terms; JSON and space-delimited filter patterns are not simulated")
	}
	var all, any, none []string
	for _, t := range terms(p) {
		switch {
		case strings.HasPrefix(t, "?") && len(t) > 1:
			any = append(any, t[1:])
		case strings.HasPrefix(t, "-") && len(t) > 1:
			none = append(none, t[1:])
		default:
			all = append(all, t)
		}
	}
	return func(msg string) bool {
		for _, t := range all {
			if !strings.Contains(msg, t) {
				return false
			}
		}
		for _, t := range none {
			if strings.Contains(msg, t) {
				return false
			}
		}
		if len(any) == 0 {
			return true
		}
		for _, t := range any {
			if strings.Contains(msg, t) {
				return true
			}
		}
		return false
	}, nil
}

// terms splits a pattern on spaces, keeping a quoted phrase (with its
// ? or - prefix) as one term without its quotes.
func terms(p string) []string {
	var out []string
	for p != "" {
		p = strings.TrimLeft(p, " ")
		if p == "" {
			break
		}
		prefix := ""
		if p[0] == '?' || p[0] == '-' {
			prefix, p = p[:1], p[1:]
		}
		if strings.HasPrefix(p, `"`) {
			end := strings.Index(p[1:], `"`)
			if end < 0 {
				out, p = append(out, prefix+p[1:]), ""
				continue
			}
			out, p = append(out, prefix+p[1:end+1]), p[end+2:]
			continue
		}
		end := strings.IndexByte(p, ' ')
		if end < 0 {
			end = len(p)
		}
		out, p = append(out, prefix+p[:end]), p[end:]
	}
	return out
}
