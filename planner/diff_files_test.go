package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

func siteNode(files ...stacks.SiteFile) *stacks.Node {
	return &stacks.Node{Addr: addr.Deploy("dev", "www"), Site: &stacks.Site{Files: files}}
}

// TestDiffFiles compares a site's files with its bucket by ETag: new keys
// are added, other ETags changed, keys no file has removed, and only an
// existing bucket's changes invalidate the cache.
func TestDiffFiles(t *testing.T) {
	n := siteNode(stacks.SiteFile{Key: "a.html", ETag: `"1"`}, stacks.SiteFile{Key: "b.css", ETag: `"2"`}, stacks.SiteFile{Key: "c.js", ETag: `"3"`})
	live := map[string]SiteObject{"a.html": {ETag: `"1"`}, "b.css": {ETag: `"9"`}, "old.txt": {ETag: `"4"`}}
	got := diffFiles(n.Site, live)
	want := &FilesChange{Added: []string{"c.js"}, Changed: []string{"b.css"}, Removed: []string{"old.txt"}, Unchanged: 1, Invalidate: true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("diff (-want +got):\n%s", d)
	}
	first := diffFiles(n.Site, nil)
	if len(first.Added) != 3 || first.Invalidate {
		t.Errorf("a bucket not read yet: %+v, want every file added and no invalidation", first)
	}
	same := diffFiles(n.Site, map[string]SiteObject{"a.html": {ETag: `"1"`}, "b.css": {ETag: `"2"`}, "c.js": {ETag: `"3"`}})
	if same.changed() || same.Invalidate || same.Unchanged != 3 {
		t.Errorf("an up-to-date bucket: %+v", same)
	}
}

// TestPlanFilesUpdatesNode makes a node whose stack does not change an
// update when its files do, with a reason.
func TestPlanFilesUpdatesNode(t *testing.T) {
	n := siteNode(stacks.SiteFile{Key: "index.html", ETag: `"2"`})
	c := &Change{Address: "deploy/dev/www", Action: NoOp}
	s := &State{SiteObjects: map[string]map[string]SiteObject{"deploy/dev/www": {"index.html": {ETag: `"1"`}}}}
	planFiles(c, n, s)
	if c.Action != Update || len(c.Reasons) != 1 || c.Reasons[0] != "files: 0 to upload, 1 to replace, 0 to remove" {
		t.Errorf("change: %s %v", c.Action, c.Reasons)
	}
	c = &Change{Address: "deploy/dev/www", Action: NoOp}
	planFiles(c, siteNode(stacks.SiteFile{Key: "index.html", ETag: `"1"`}), s)
	if c.Action != NoOp || c.Files == nil || c.Files.Unchanged != 1 {
		t.Errorf("unchanged files: %s %+v", c.Action, c.Files)
	}
}
