package workspace

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"

	"flightplan/schema"
)

// GitCommit is the twelve-digit short commit of the git repository holding
// dir, or "" when dir is in none, git is missing, or the work tree has
// changes to tracked files (a commit would not describe what gets built).
func GitCommit(dir string) string {
	status, err := exec.Command("git", "-C", dir, "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil || len(strings.TrimSpace(string(status))) > 0 {
		return ""
	}
	sha, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(sha))
}

// untrackedInBuilds tells whether a build of cfg would be given a file the
// commit does not hold: an untracked file that git does not ignore, inside
// a build context and kept by its .dockerignore, or an untracked
// Dockerfile. A context git cannot list (outside the repository) counts as
// untracked too.
func untrackedInBuilds(cfg *schema.Config) bool {
	for _, img := range cfg.Images {
		if img.Build == nil {
			continue
		}
		context, dockerfile := buildPaths(cfg.Dir, img.Build)
		files, ok := untrackedFiles(context)
		if !ok {
			return true
		}
		bc := openContext(context, dockerfile)
		for _, f := range files {
			if !bc.leavesOut(f) {
				return true
			}
		}
		if extra, ok := untrackedFiles(filepath.Dir(dockerfile), filepath.Base(dockerfile)); !ok || len(extra) > 0 {
			return true
		}
	}
	return false
}

// untrackedFiles lists the untracked files under dir that git does not
// ignore, slash-separated and relative to dir (limited to pathspecs when
// given); ok is false when git cannot list them.
func untrackedFiles(dir string, pathspecs ...string) (files []string, ok bool) {
	args := append([]string{"-C", dir, "ls-files", "-z", "--others", "--exclude-standard", "--"}, pathspecs...)
	out, err := exec.Command("git", args...).Output()
	if err != nil {
		return nil, false
	}
	for _, f := range bytes.Split(out, []byte{0}) {
		if len(f) > 0 {
			files = append(files, string(f))
		}
	}
	return files, true
}

// RepoPath is the path of file inside its git repository, with slashes
// (where a pipeline finds it), or "" outside one.
func RepoPath(file string) string {
	prefix, err := exec.Command("git", "-C", filepath.Dir(file), "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(prefix)) + filepath.Base(file)
}
