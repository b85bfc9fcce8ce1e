package lang

import (
	"path"

	"github.com/zclconf/go-cty/cty"

	"flightplan/schema"
)

// loadImages evaluates the image blocks and puts image.NAME in scope: an
// object with name, platform and location, which a service's image
// attribute turns back into an ImageRef.
func (l *loader) loadImages() {
	e := l.evaluator(l.globals("var", "local", "app"), "An image block")
	objs := map[string]cty.Value{}
	for _, n := range l.unique("image") {
		img := l.image(e, n)
		l.cfg.Images = append(l.cfg.Images, img)
		objs[img.Name] = objectOf(map[string]string{"name": img.Name, "platform": img.Platform, "location": img.Location})
	}
	l.scope["image"] = cty.ObjectVal(objs)
}

func (l *loader) image(e *evaluator, n *node) *schema.Image {
	img := &schema.Image{Name: n.Labels[0], DeclRange: n.DefRange}
	if l.checkName(n, "image") {
		for _, dn := range schema.ImageNames(l.cfg.App.Name, img.Name) {
			l.checkDerived(n.labelRange(), dn)
		}
	}
	loc := e.str(n, "location", &img.Location)
	if b := n.block("build"); b != nil {
		img.Build = buildOf(e, b)
		if loc != nil {
			e.errorf(loc.Range, "Conflicting image source", "Set either location (an existing image) or a build block, not both.")
		}
	} else if loc == nil && n.attr("location") == nil {
		e.errorf(n.DefRange, "Missing image source", "Image %q needs a build { dockerfile = \"...\" } block or a location = \"URI\" of an existing image.", img.Name)
	}
	img.Platform = schema.DefaultPlatform
	var p string
	if a := e.str(n, "platform", &p); a != nil {
		norm, ok := schema.NormalizePlatform(p)
		if !ok {
			e.errorf(a.Expr.Range(), "Unsupported platform", "%q is not supported; use \"linux/amd64\" (also written \"linux/x86_64\") or \"linux/arm64\".", p)
		}
		img.Platform = norm
	}
	return img
}

func buildOf(e *evaluator, n *node) *schema.Build {
	b := &schema.Build{Context: schema.DefaultBuildContext}
	e.str(n, "context", &b.Context)
	if e.str(n, "dockerfile", &b.Dockerfile) == nil {
		b.Dockerfile = path.Join(b.Context, schema.DefaultBuildDockerfileSuffix)
	}
	e.str(n, "target", &b.Target)
	e.strMap(n, "args", &b.Args)
	e.strs(n, "cache_from", &b.CacheFrom)
	return b
}
