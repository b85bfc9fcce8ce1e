package workspace

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"flightplan/schema"
)

// gitRepo makes a repository in a new folder with files committed, and
// returns its path.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "first")
	return dir
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// built is a configuration in dir with one image built from context.
func built(dir, context string) *schema.Config {
	return &schema.Config{Dir: dir, Images: []*schema.Image{
		{Name: "pulled", Location: "public.ecr.aws/nginx/nginx:latest"},
		{Name: "api", Build: &schema.Build{Context: context}},
	}}
}

func TestImageTag(t *testing.T) {
	plain := t.TempDir()
	writeFiles(t, plain, map[string]string{"app/Dockerfile": "FROM scratch\n"})
	repo := gitRepo(t, map[string]string{"app/Dockerfile": "FROM scratch\n"})
	for name, tc := range map[string]struct {
		cfg      *schema.Config
		explicit []string
		want     string
	}{
		"the first explicit tag wins":     {built(repo, "app"), []string{"flag", "env"}, "flag"},
		"an empty explicit tag is passed": {built(repo, "app"), []string{"", "env"}, "env"},
		"a clean repository's commit":     {built(repo, "app"), []string{"", ""}, git(t, repo, "rev-parse", "--short=12", "HEAD")},
		"outside git, the content hash":   {built(plain, "app"), nil, ContentTag(built(plain, "app"))},
	} {
		t.Run(name, func(t *testing.T) {
			if got := ImageTag(tc.cfg, tc.explicit...); got != tc.want {
				t.Errorf("ImageTag = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestContentTag(t *testing.T) {
	base := map[string]string{"app/Dockerfile": "FROM scratch\n", "app/src/main.go": "package main\n"}
	for name, tc := range map[string]struct {
		change func(dir string)
		same   bool
	}{
		"nothing":             {func(string) {}, true},
		"outside the context": {func(dir string) { writeFiles(t, dir, map[string]string{"README": "x"}) }, true},
		"a file's content":    {func(dir string) { writeFiles(t, dir, map[string]string{"app/src/main.go": "package app\n"}) }, false},
		"a file added":        {func(dir string) { writeFiles(t, dir, map[string]string{"app/x": ""}) }, false},
		"a file's name": {func(dir string) {
			_ = os.Rename(filepath.Join(dir, "app/src/main.go"), filepath.Join(dir, "app/src/app.go"))
		}, false},
		"bytes moved between files": {func(dir string) {
			writeFiles(t, dir, map[string]string{"app/Dockerfile": "FROM scratch\npackage main\n", "app/src/main.go": ""})
		}, false},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, base)
			before := ContentTag(built(dir, "app"))
			if !regexp.MustCompile(`^sha-[0-9a-f]{12}$`).MatchString(before) {
				t.Fatalf("tag %q, want sha- and 12 hex digits", before)
			}
			tc.change(dir)
			if after := ContentTag(built(dir, "app")); (after == before) != tc.same {
				t.Errorf("tag %q before, %q after: same = %v, want %v", before, after, after == before, tc.same)
			}
		})
	}
}

func TestGitCommit(t *testing.T) {
	repo := gitRepo(t, map[string]string{"flightplan.hcl": "app {}\n"})
	head := git(t, repo, "rev-parse", "--short=12", "HEAD")
	if got := GitCommit(repo); got != head || len(got) != 12 {
		t.Errorf("clean: GitCommit = %q, want %q", got, head)
	}
	writeFiles(t, repo, map[string]string{"untracked.txt": "x"})
	if got := GitCommit(repo); got != head {
		t.Errorf("untracked file: GitCommit = %q, want %q", got, head)
	}
	writeFiles(t, repo, map[string]string{"flightplan.hcl": "app { changed }\n"})
	if got := GitCommit(repo); got != "" {
		t.Errorf("tracked file changed: GitCommit = %q, want none", got)
	}
	if got := GitCommit(t.TempDir()); got != "" {
		t.Errorf("outside a repository: GitCommit = %q, want none", got)
	}
}

func TestRepoPath(t *testing.T) {
	repo := gitRepo(t, map[string]string{"infra/flightplan.hcl": "app {}\n"})
	if got := RepoPath(filepath.Join(repo, "infra", "flightplan.hcl")); got != "infra/flightplan.hcl" {
		t.Errorf("RepoPath = %q, want infra/flightplan.hcl", got)
	}
	if got := RepoPath(filepath.Join(t.TempDir(), "flightplan.hcl")); got != "" {
		t.Errorf("outside a repository: RepoPath = %q, want none", got)
	}
}

func TestConfigHash(t *testing.T) {
	files := map[string][]byte{"flightplan.hcl": []byte("app {}\n"), "vars.hcl": []byte("x = 1\n")}
	// Saved plans carry this hash: a change to how it is computed makes
	// every saved plan stale.
	const want = "ac286f74f9d1bf471a34b89af9156a95aeef58623bc75768592b81ee1aa8cb6f"
	if got := ConfigHash(files); got != want {
		t.Errorf("ConfigHash = %s, want %s", got, want)
	}
	for name, other := range map[string]map[string][]byte{
		"a file's content":          {"flightplan.hcl": []byte("app {}\n"), "vars.hcl": []byte("x = 2\n")},
		"a file's name":             {"flightplan.hcl": []byte("app {}\n"), "other.hcl": []byte("x = 1\n")},
		"a file less":               {"flightplan.hcl": []byte("app {}\n")},
		"bytes moved between files": {"flightplan.hcl": []byte("app {}\nx = 1\n"), "vars.hcl": nil},
	} {
		if ConfigHash(other) == want {
			t.Errorf("%s: same hash", name)
		}
	}
}
