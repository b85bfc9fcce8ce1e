package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"path/filepath"
	"slices"

	"flightplan/schema"
)

// ImageTag is the tag of the images flightplan builds from cfg: the first
// of explicit that is not empty (the caller's order: a flag, then an
// environment variable), else the short commit of the git repository
// holding cfg.Dir when that commit describes every build (see GitCommit and
// untrackedInBuilds), else ContentTag — so that an unchanged source never
// changes the plan.
func ImageTag(cfg *schema.Config, explicit ...string) string {
	for _, t := range explicit {
		if t != "" {
			return t
		}
	}
	if t := GitCommit(cfg.Dir); t != "" && !untrackedInBuilds(cfg) {
		return t
	}
	return ContentTag(cfg)
}

// CheckTag stands for the tag of built images where only its length
// matters: validate sizes templates without writing them, and computing
// the real tag would run git (three processes, tens of milliseconds, more
// in a large repository) or hash every build context. It is as long as
// ContentTag's tags, the longer of the two forms (a commit's is 12), so a
// size checked with it is never smaller than the one plan checks.
const CheckTag = "sha-000000000000"

// ContentTag is "sha-" and twelve hex digits of a hash over what docker
// would be given to build each of cfg's images: the files of the build
// context that its .dockerignore keeps (named by their path inside the
// context, so that the same tree hashes the same however it is reached),
// the Dockerfile, the target and the build arguments. Files the ignore file
// leaves out — logs, state folders — never change the tag. Images without
// a build (pulled from a location) add nothing.
func ContentTag(cfg *schema.Config) string {
	h := sha256.New()
	for _, img := range cfg.Images {
		if img.Build == nil {
			continue
		}
		b := img.Build
		context, dockerfile := buildPaths(cfg.Dir, b)
		fmt.Fprintf(h, "context\x00")
		for _, e := range openContext(context, dockerfile).entries() {
			fmt.Fprintf(h, "%c\x00%s\x00%s\x00", e.kind, e.path, e.content)
		}
		fmt.Fprintf(h, "dockerfile\x00%s\x00target\x00%s\x00", fileHash(dockerfile), b.Target)
		for _, k := range slices.Sorted(maps.Keys(b.Args)) {
			fmt.Fprintf(h, "arg\x00%s\x00%s\x00", k, b.Args[k])
		}
	}
	return "sha-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// buildPaths are the build's context and Dockerfile on this machine: the
// file's slash-separated paths are relative to the configuration's folder.
func buildPaths(dir string, b *schema.Build) (context, dockerfile string) {
	file := b.Dockerfile
	if file == "" {
		file = path.Join(b.Context, schema.DefaultBuildDockerfileSuffix)
	}
	return filepath.Join(dir, filepath.FromSlash(b.Context)), filepath.Join(dir, filepath.FromSlash(file))
}
