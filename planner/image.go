package planner

import (
	"fmt"

	"flightplan/stacks"
)

// Images: an image/{name} node is planned from whether its tag is in each
// of its repositories (State.Images, filled by live.ReadImages). It is a
// create when the tag is missing from any of them — apply builds the image
// once and pushes it to every repository — and a no-op when it is in all
// of them: a tag names one build, so a present tag is never rebuilt.
//
// In a state whose images were not read (State.Images nil), image nodes
// are no-ops (nothing is checked, nothing is built), which is what a
// caller that does not build images wants.

// ImageChange is what an image node's plan says about it.
type ImageChange struct {
	Name     string `json:"name"`
	Platform string `json:"platform"`
	Tag      string `json:"tag"`
	// Repositories are the URIs the image goes to, without tag.
	Repositories []string `json:"repositories"`
	// Missing are the repositories that lack the tag; apply pushes to all
	// of Repositories when any is missing.
	Missing []string `json:"missing,omitempty"`
	// Checked is false when the state was read without images.
	Checked bool `json:"checked"`
}

// ImageKey is State.Images' key: "repository-uri:tag".
func ImageKey(repoURI, tag string) string { return repoURI + ":" + tag }

// diffImage plans an image node against the images read.
func diffImage(im *stacks.ImageBuild, s *State) (*ImageChange, []string, Action) {
	ic := &ImageChange{Name: im.Name, Platform: im.Platform, Tag: im.Tag}
	var reasons []string
	for _, r := range im.Repositories {
		ic.Repositories = append(ic.Repositories, r.URI)
		present, read := s.Images[ImageKey(r.URI, im.Tag)]
		ic.Checked = ic.Checked || read
		if read && !present {
			ic.Missing = append(ic.Missing, r.URI)
			reasons = append(reasons, fmt.Sprintf("tag %s is not in %s", im.Tag, r.URI))
		}
	}
	if len(ic.Missing) > 0 {
		return ic, reasons, Create
	}
	return ic, nil, NoOp
}

// imagePrints are the fingerprint's image entries: every repository:tag of
// d, false until read present.
func imagePrints(d *stacks.Desired, s *State) map[string]bool {
	out := map[string]bool{}
	for _, n := range d.Nodes {
		if n.Image == nil {
			continue
		}
		for _, r := range n.Image.Repositories {
			k := ImageKey(r.URI, n.Image.Tag)
			out[k] = s != nil && s.Images[k]
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// imageMoved says how an image's presence changed since the plan.
func imageMoved(key string, was, now bool) string {
	switch {
	case was == now:
		return ""
	case now:
		return fmt.Sprintf("image %s was pushed since the plan was made", key)
	}
	return fmt.Sprintf("image %s was deleted since the plan was made", key)
}
