package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
)

// ConfigHash identifies the configuration a plan was made from: a hex
// SHA-256 over every file read (name to content, as schema.Config.Files
// holds them), in name order. A saved plan is stale when it changes.
func ConfigHash(files map[string][]byte) string {
	h := sha256.New()
	for _, n := range slices.Sorted(maps.Keys(files)) {
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(files[n]))
		h.Write(files[n])
	}
	return hex.EncodeToString(h.Sum(nil))
}
