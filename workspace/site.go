package workspace

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"flightplan/schema"
)

// SiteFile is one file a static site's files blocks select.
type SiteFile struct {
	Key         string // the object's key in the site's bucket
	Path        string // slash-separated, relative to the configuration's folder
	ETag        string // S3's ETag of a single-part upload: the quoted MD5
	ContentType string
	Size        int64
}

// SiteFiles lists what uploads select under dir, sorted by key; a later
// files block's file replaces an earlier one's of the same key. A source
// file is uploaded to its destination (default: its own path); a folder's
// files go below the destination (default: the bucket's root), its
// subfolders' too when recursive. exclude leaves out the files whose path
// relative to the source matches a pattern, unless reinclude matches it.
func SiteFiles(dir string, uploads []schema.FileUpload) ([]SiteFile, error) {
	byKey := map[string]SiteFile{}
	for _, u := range uploads {
		if err := addUpload(dir, u, byKey); err != nil {
			return nil, err
		}
	}
	out := make([]SiteFile, 0, len(byKey))
	for _, f := range byKey {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func addUpload(dir string, u schema.FileUpload, byKey map[string]SiteFile) error {
	src := filepath.Join(dir, filepath.FromSlash(u.Source))
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("files source %q: %w", u.Source, err)
	}
	if !info.IsDir() {
		key := u.Destination
		if key == "" {
			key = path.Clean(filepath.ToSlash(u.Source))
		}
		return addFile(dir, src, key, byKey)
	}
	return filepath.WalkDir(src, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if de.IsDir() {
			if p != src && !u.Recursive {
				return filepath.SkipDir
			}
			return nil
		}
		if !selected(rel, u.Exclude, u.Reinclude) {
			return nil
		}
		return addFile(dir, p, path.Join(u.Destination, rel), byKey)
	})
}

// selected applies exclude and reinclude to a path relative to the source.
func selected(rel string, exclude, reinclude []string) bool {
	return !matchesAny(rel, exclude) || matchesAny(rel, reinclude)
}

func matchesAny(rel string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
		if ok, _ := path.Match(p, path.Base(rel)); ok && !strings.Contains(p, "/") {
			return true
		}
	}
	return false
}

func addFile(dir, p, key string, byKey map[string]SiteFile) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return fmt.Errorf("reading %s: %w", p, err)
	}
	rel, _ := filepath.Rel(dir, p)
	byKey[key] = SiteFile{Key: key, Path: filepath.ToSlash(rel), ETag: `"` + hex.EncodeToString(h.Sum(nil)) + `"`,
		ContentType: ContentType(key), Size: n}
	return nil
}

// webTypes are the content types of a site's usual files, fixed here so
// that a plan does not depend on the machine's MIME tables.
var webTypes = map[string]string{
	".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8", ".json": "application/json",
	".map": "application/json", ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".svg": "image/svg+xml",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".avif": "image/avif", ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
	".otf": "font/otf", ".pdf": "application/pdf", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
	".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg", ".zip": "application/zip",
}

// ContentType is the content type of an object by its key's extension:
// webTypes, else Go's table, else application/octet-stream.
func ContentType(key string) string {
	ext := strings.ToLower(path.Ext(key))
	if t, ok := webTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
