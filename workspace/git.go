package workspace

import (
	"os/exec"
	"path/filepath"
	"strings"
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

// RepoPath is the path of file inside its git repository, with slashes
// (where a pipeline finds it), or "" outside one.
func RepoPath(file string) string {
	prefix, err := exec.Command("git", "-C", filepath.Dir(file), "rev-parse", "--show-prefix").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(prefix)) + filepath.Base(file)
}
