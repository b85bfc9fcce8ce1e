package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// A buildContext is an image's build context as docker sends it: the
// folder, and the .dockerignore patterns that leave files out of it.
type buildContext struct {
	root    string
	ignored *patternmatcher.PatternMatcher // nil: nothing is left out
}

// openContext reads the ignore file docker would use for a build of
// context with dockerfile (both paths on this machine): the Dockerfile's
// own "<dockerfile>.dockerignore" when there is one, else the context's
// ".dockerignore". Patterns docker would refuse leave nothing out: the
// build fails anyway, and the tag still follows the files.
func openContext(context, dockerfile string) buildContext {
	bc := buildContext{root: context}
	patterns, err := readIgnoreFile(dockerfile + ".dockerignore")
	if os.IsNotExist(err) {
		patterns, err = readIgnoreFile(filepath.Join(context, ".dockerignore"))
	}
	if err != nil || len(patterns) == 0 {
		return bc
	}
	if pm, err := patternmatcher.New(patterns); err == nil {
		bc.ignored = pm
	}
	return bc
}

func readIgnoreFile(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ignorefile.ReadAll(f)
}

// A contextEntry is one path docker would send: its slash-separated path
// relative to the context, and what identifies its content (a hash of a
// regular file and whether it is executable, a symbolic link's target, or
// nothing for a folder or a special file, whose content docker does not
// send).
type contextEntry struct {
	path    string
	kind    byte // 'f' file, 'x' executable file, 'l' link, 'd' folder, 'o' other
	content string
}

// entries are the paths docker would send, in walk (lexical) order. The
// walk follows docker's own: a left-out folder is not entered unless a "!"
// pattern may bring back something inside it. A path that cannot be read
// is listed with empty content, so that its name still counts.
func (bc buildContext) entries() []contextEntry {
	var out []contextEntry
	parents := map[string]patternmatcher.MatchInfo{}
	_ = filepath.WalkDir(bc.root, func(p string, d fs.DirEntry, err error) error {
		rel, relErr := filepath.Rel(bc.root, p)
		if relErr != nil || rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if bc.ignored != nil {
			skip, info, matchErr := bc.ignored.MatchesUsingParentResults(rel, parents[parentOf(rel)])
			if matchErr != nil {
				return nil
			}
			if d != nil && d.IsDir() {
				parents[rel] = info
			}
			if skip {
				if d != nil && d.IsDir() && !bc.mayBringBack(rel) {
					return filepath.SkipDir
				}
				return nil
			}
		}
		if d == nil || err != nil {
			return nil
		}
		out = append(out, entryOf(p, rel, d))
		return nil
	})
	return out
}

// mayBringBack tells whether a "!" pattern may match something inside the
// left-out folder dir, so that the walk must enter it (as docker's does).
func (bc buildContext) mayBringBack(dir string) bool {
	for _, pat := range bc.ignored.Patterns() {
		if pat.Exclusion() && strings.HasPrefix(pat.String()+"/", dir+"/") {
			return true
		}
	}
	return false
}

func parentOf(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

func entryOf(p, rel string, d fs.DirEntry) contextEntry {
	switch {
	case d.IsDir():
		return contextEntry{path: rel, kind: 'd'}
	case d.Type()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(p)
		return contextEntry{path: rel, kind: 'l', content: target}
	case !d.Type().IsRegular():
		return contextEntry{path: rel, kind: 'o'}
	}
	kind := byte('f')
	if info, err := d.Info(); err == nil && info.Mode().Perm()&0o111 != 0 {
		kind = 'x'
	}
	return contextEntry{path: rel, kind: kind, content: fileHash(p)}
}

// fileHash is the hex SHA-256 of the file at p, or "" when it cannot be
// read.
func fileHash(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// leavesOut tells whether the .dockerignore leaves the slash-separated path
// rel (relative to the context) out of what docker sends.
func (bc buildContext) leavesOut(rel string) bool {
	if bc.ignored == nil {
		return false
	}
	out, err := bc.ignored.MatchesOrParentMatches(rel)
	return err == nil && out
}
