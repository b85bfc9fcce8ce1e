package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"flightplan/schema"
)

// ImageTag is the tag of the images flightplan builds from cfg: the first
// of explicit that is not empty (the caller's order: a flag, then an
// environment variable), else the short commit of the git repository
// holding cfg.Dir when its work tree is clean, else ContentTag — so that an
// unchanged source never changes the plan.
func ImageTag(cfg *schema.Config, explicit ...string) string {
	for _, t := range explicit {
		if t != "" {
			return t
		}
	}
	if t := GitCommit(cfg.Dir); t != "" {
		return t
	}
	return ContentTag(cfg)
}

// ContentTag is "sha-" and twelve hex digits of a hash over the names and
// contents of every regular file in every build context of cfg's images,
// sorted so that the walk order does not matter. Images without a build
// (pulled from a location) add nothing. The names are the paths as reached
// from cfg.Dir, which is the configuration file's folder as given on the
// command line: the same tree reached by another path hashes differently.
func ContentTag(cfg *schema.Config) string {
	h := sha256.New()
	for _, img := range cfg.Images {
		if img.Build == nil {
			continue
		}
		for _, f := range regularFiles(filepath.Join(cfg.Dir, img.Build.Context)) {
			b, _ := os.ReadFile(f)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(f), len(b))
			h.Write(b)
		}
	}
	return "sha-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// regularFiles lists the regular files under root, sorted; a folder it
// cannot read adds nothing.
func regularFiles(root string) []string {
	var files []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files
}
