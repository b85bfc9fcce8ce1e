package workspace

import (
	"crypto/md5"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSiteFiles checks what files blocks select: a folder's top level
// only unless recursive, under the destination; exclude and reinclude by
// path or file name; a file to its destination; a later block's file
// replacing an earlier one's key; ETags as S3 computes them and content
// types by extension.
func TestSiteFiles(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"site/index.html": "<h1>hi</h1>", "site/app.js.map": "{}", "site/keep.map": "{}",
		"site/css/main.css": "body{}", "docs/guide.pdf": "%PDF", "robots.txt": "User-agent: *",
		"site/favicon.xyz": "?",
	})
	files, err := SiteFiles(dir, []schema.FileUpload{
		{Source: "site", Recursive: true, Exclude: []string{"*.map"}, Reinclude: []string{"keep.map"}},
		{Source: "docs", Destination: "docs"},
		{Source: "robots.txt"},
		{Source: "robots.txt", Destination: "index.html"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Key] = f.Path + " " + f.ContentType
	}
	want := map[string]string{
		"css/main.css":   "site/css/main.css text/css; charset=utf-8",
		"docs/guide.pdf": "docs/guide.pdf application/pdf",
		"favicon.xyz":    "site/favicon.xyz " + ContentType("favicon.xyz"),
		"index.html":     "robots.txt text/html; charset=utf-8",
		"keep.map":       "site/keep.map application/json",
		"robots.txt":     "robots.txt text/plain; charset=utf-8",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("selected files (-want +got):\n%s", d)
	}
	sum := md5.Sum([]byte("User-agent: *"))
	wantETag := `"` + hex.EncodeToString(sum[:]) + `"`
	for _, f := range files {
		if f.Key == "robots.txt" && (f.ETag != wantETag || f.Size != 13) {
			t.Errorf("robots.txt: ETag %s, size %d; want %s, 13", f.ETag, f.Size, wantETag)
		}
	}
	flat, err := SiteFiles(dir, []schema.FileUpload{{Source: "site"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flat {
		if f.Key == "css/main.css" {
			t.Error("a folder without recursive took a subfolder's file")
		}
	}
	if _, err := SiteFiles(dir, []schema.FileUpload{{Source: "missing"}}); err == nil {
		t.Error("a missing source gave no error")
	}
}
