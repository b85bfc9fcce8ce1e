package schema

import (
	"regexp"
	"sync"
)

// lazyRegexp compiles expr the first time it is used rather than when the
// program starts: compiling every pattern of the package (some with
// repetitions up to 255) at start-up cost every command, validate of a
// small file included, a few milliseconds, though most commands match few
// of them or none.
func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
