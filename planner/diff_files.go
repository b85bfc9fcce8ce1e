package planner

import (
	"fmt"
	"maps"
	"slices"

	"flightplan/stacks"
)

// SiteObject is one object of a static site's bucket as read from S3.
type SiteObject struct {
	ETag string `json:"etag"`
}

// FilesChange is what apply does to a static site's bucket: the keys it
// uploads (new, or whose content changed) and removes, and whether it then
// invalidates the distribution's cache.
type FilesChange struct {
	Added   []string `json:"added,omitempty"`
	Changed []string `json:"changed,omitempty"`
	Removed []string `json:"removed,omitempty"`
	// Unchanged counts the files whose object is already there.
	Unchanged int `json:"unchanged,omitempty"`
	// Invalidate: any file was added, changed or removed, so apply
	// invalidates the distribution's cache (/*) once the files are there.
	Invalidate bool `json:"invalidate,omitempty"`
}

// Changed reports whether apply has anything to upload or remove.
func (f *FilesChange) changed() bool {
	return f != nil && len(f.Added)+len(f.Changed)+len(f.Removed) > 0
}

// diffFiles compares a site's files with its bucket's objects (nil when
// the stack or the bucket does not exist yet: every file is added).
// Objects are content-addressed by their ETag, the MD5 of a single-part
// upload: a file whose object has its ETag is not sent again.
func diffFiles(site *stacks.Site, live map[string]SiteObject) *FilesChange {
	fc := &FilesChange{}
	want := map[string]bool{}
	for _, f := range site.Files {
		want[f.Key] = true
		obj, ok := live[f.Key]
		switch {
		case !ok:
			fc.Added = append(fc.Added, f.Key)
		case obj.ETag != f.ETag:
			fc.Changed = append(fc.Changed, f.Key)
		default:
			fc.Unchanged++
		}
	}
	for _, key := range slices.Sorted(maps.Keys(live)) {
		if !want[key] {
			fc.Removed = append(fc.Removed, key)
		}
	}
	fc.Invalidate = fc.changed() && live != nil
	return fc
}

// filesReason is the change's reason for a site whose files change.
func filesReason(fc *FilesChange) string {
	return fmt.Sprintf("files: %d to upload, %d to replace, %d to remove", len(fc.Added), len(fc.Changed), len(fc.Removed))
}

// planFiles sets a static site's files change on c, and makes a node whose
// stack does not change an update when its files do.
func planFiles(c *Change, n *stacks.Node, s *State) {
	if n == nil || n.Site == nil {
		return
	}
	c.Files = diffFiles(n.Site, s.SiteObjects[c.Address])
	if !c.Files.changed() {
		return
	}
	c.Reasons = append(c.Reasons, filesReason(c.Files))
	if c.Action == NoOp {
		c.Action = Update
	}
}
