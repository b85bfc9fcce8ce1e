package schema

import (
	"regexp"
	"testing"
)

// TestLazyRegexpsCompile compiles every pattern compiled on first use, so
// that a pattern that does not compile fails here rather than in the
// command that first needs it.
func TestLazyRegexpsCompile(t *testing.T) {
	for i, re := range []func() *regexp.Regexp{albARN, albName, containerNameRE, exportNameRE, nameRE, accountRE,
		regionRE, ssmNameRE, secretNameRE, rateRE, cronTokenRE, volumePathRE, volumeNameRE, fileSystemIDRE, accessPointIDRE} {
		if re() == nil || re() != re() {
			t.Errorf("pattern %d: not compiled once", i)
		}
	}
}
