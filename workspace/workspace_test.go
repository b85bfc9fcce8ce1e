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
	base := map[string]string{
		"app/Dockerfile":    "FROM scratch\n",
		"app/src/main.go":   "package main\n",
		"app/.dockerignore": "*.log\n!keep.log\nsim\n!sim/keep.json\n",
	}
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
		"a log the .dockerignore leaves out": {func(dir string) { writeFiles(t, dir, map[string]string{"app/run.log": "x"}) }, true},
		"a folder the .dockerignore leaves out": {func(dir string) {
			writeFiles(t, dir, map[string]string{"app/sim/state.json": "{}", "app/sim/deep/more.json": "{}"})
		}, true},
		"a file brought back by a ! pattern": {func(dir string) { writeFiles(t, dir, map[string]string{"app/keep.log": "x"}) }, false},
		"an ignored file brought back inside an ignored folder": {func(dir string) {
			writeFiles(t, dir, map[string]string{"app/sim/keep.json": "{}"})
		}, false},
		"the .dockerignore itself": {func(dir string) {
			writeFiles(t, dir, map[string]string{"app/.dockerignore": "*.log\n!keep.log\nsim\n!sim/keep.json\n# a comment\n"})
		}, false},
		"a file made executable": {func(dir string) { _ = os.Chmod(filepath.Join(dir, "app/src/main.go"), 0o755) }, false},
		"an empty folder":        {func(dir string) { _ = os.Mkdir(filepath.Join(dir, "app/empty"), 0o755) }, false},
		"a symbolic link's target": {func(dir string) {
			_ = os.Remove(filepath.Join(dir, "app/link"))
			_ = os.Symlink("src", filepath.Join(dir, "app/link"))
		}, false},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, base)
			if err := os.Symlink("src/main.go", filepath.Join(dir, "app/link")); err != nil {
				t.Fatal(err)
			}
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

// TestContentTagBuild covers what docker is given besides the context: the
// Dockerfile wherever it is, the ignore file that belongs to it, the target
// and the build arguments.
func TestContentTagBuild(t *testing.T) {
	files := map[string]string{
		"app/main.go":                        "package main\n",
		"app/.dockerignore":                  "*.tmp\n",
		"docker/api.Dockerfile":              "FROM scratch\n",
		"docker/api.Dockerfile.dockerignore": "*.log\n",
	}
	build := func(dir string) *schema.Config {
		return &schema.Config{Dir: dir, Images: []*schema.Image{{Name: "api", Build: &schema.Build{
			Context: "app", Dockerfile: "docker/api.Dockerfile", Target: "prod", Args: map[string]string{"A": "1", "B": "2"},
		}}}}
	}
	for name, tc := range map[string]struct {
		change func(dir string, cfg *schema.Config)
		same   bool
	}{
		"the Dockerfile outside the context": {func(dir string, _ *schema.Config) {
			writeFiles(t, dir, map[string]string{"docker/api.Dockerfile": "FROM busybox\n"})
		}, false},
		"a file the Dockerfile's own ignore file leaves out": {func(dir string, _ *schema.Config) {
			writeFiles(t, dir, map[string]string{"app/run.log": "x"})
		}, true},
		"a file only the context's .dockerignore leaves out (the Dockerfile's wins)": {func(dir string, _ *schema.Config) {
			writeFiles(t, dir, map[string]string{"app/x.tmp": "x"})
		}, false},
		"the target":            {func(_ string, cfg *schema.Config) { cfg.Images[0].Build.Target = "dev" }, false},
		"a build argument":      {func(_ string, cfg *schema.Config) { cfg.Images[0].Build.Args["B"] = "3" }, false},
		"argument values moved": {func(_ string, cfg *schema.Config) { cfg.Images[0].Build.Args = map[string]string{"A": "12", "B": ""} }, false},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, files)
			cfg := build(dir)
			before := ContentTag(cfg)
			tc.change(dir, cfg)
			if after := ContentTag(cfg); (after == before) != tc.same {
				t.Errorf("tag %q before, %q after: same = %v, want %v", before, after, after == before, tc.same)
			}
		})
	}
}

// TestContentTagSameTree: the tag names files by their path inside the
// context, so the same tree gives the same tag wherever it lies and however
// the configuration is reached (-f sub/flightplan.hcl or --chdir sub).
func TestContentTagSameTree(t *testing.T) {
	files := map[string]string{"sub/app/Dockerfile": "FROM scratch\n", "sub/app/main.go": "package main\n"}
	one, other := t.TempDir(), t.TempDir()
	writeFiles(t, one, files)
	writeFiles(t, other, files)
	want := ContentTag(built(filepath.Join(one, "sub"), "app"))
	if got := ContentTag(built(filepath.Join(other, "sub"), "app")); got != want {
		t.Errorf("same tree in another folder: %q, want %q", got, want)
	}
	t.Chdir(one)
	if got := ContentTag(built("sub", "app")); got != want {
		t.Errorf("-f sub/flightplan.hcl: %q, want %q", got, want)
	}
	t.Chdir("sub")
	if got := ContentTag(built(".", "app")); got != want {
		t.Errorf("--chdir sub: %q, want %q", got, want)
	}
}

// TestImageTagUntracked: in a git repository, the commit names the images
// only while every file a build would be given is committed.
func TestImageTagUntracked(t *testing.T) {
	for name, tc := range map[string]struct {
		files  map[string]string
		commit bool
	}{
		"nothing untracked":                          {nil, true},
		"an untracked file outside the context":      {map[string]string{"notes.txt": "x"}, true},
		"an untracked file git ignores":              {map[string]string{"app/build.out": "x"}, true},
		"an untracked file the .dockerignore leaves": {map[string]string{"app/run.log": "x"}, true},
		"an untracked file in a folder git ignores":  {map[string]string{"app/cache/x": "x"}, true},
		"an untracked source file":                   {map[string]string{"app/new.go": "package main\n"}, false},
		"an untracked file deep in the context":      {map[string]string{"app/a/b/c.txt": "x"}, false},
	} {
		t.Run(name, func(t *testing.T) {
			repo := gitRepo(t, map[string]string{
				".gitignore":        "*.out\ncache/\n",
				"app/Dockerfile":    "FROM scratch\n",
				"app/.dockerignore": "*.log\n",
			})
			head := git(t, repo, "rev-parse", "--short=12", "HEAD")
			writeFiles(t, repo, tc.files)
			got := ImageTag(built(repo, "app"))
			if (got == head) != tc.commit {
				t.Errorf("ImageTag = %q, commit %q: want the commit = %v", got, head, tc.commit)
			}
			if !tc.commit && got != ContentTag(built(repo, "app")) {
				t.Errorf("ImageTag = %q, want the content tag %q", got, ContentTag(built(repo, "app")))
			}
		})
	}
}

func TestImageTagUntrackedDockerfile(t *testing.T) {
	repo := gitRepo(t, map[string]string{"app/main.go": "package main\n"})
	writeFiles(t, repo, map[string]string{"docker/api.Dockerfile": "FROM scratch\n"})
	cfg := &schema.Config{Dir: repo, Images: []*schema.Image{{Name: "api", Build: &schema.Build{Context: "app", Dockerfile: "docker/api.Dockerfile"}}}}
	if got, head := ImageTag(cfg), git(t, repo, "rev-parse", "--short=12", "HEAD"); got == head {
		t.Errorf("untracked Dockerfile: ImageTag = the commit %q, want the content tag", got)
	}
}

func TestImageTagContextOutsideRepository(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"Dockerfile": "FROM scratch\n"})
	repo := gitRepo(t, map[string]string{"flightplan.hcl": "app {}\n"})
	rel, err := filepath.Rel(repo, outside)
	if err != nil {
		t.Fatal(err)
	}
	cfg := built(repo, filepath.ToSlash(rel))
	if got := ImageTag(cfg); got != ContentTag(cfg) {
		t.Errorf("context outside the repository: ImageTag = %q, want the content tag %q", got, ContentTag(cfg))
	}
}
