package lang

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"flightplan/schema"
)

// siteAttrs and siteBlocks are what a static site's body may hold: it has
// no image and no tasks, so every container, scaling and routing setting
// of the other service types is refused.
var (
	siteAttrs      = []string{"type", "environments", "depends_on"}
	siteBlocks     = []string{"files", "http"}
	siteHTTPAttrs  = []string{"alias", "certificate"}
	siteNeedsImage = "A %s service needs image, the image its tasks run (image = image.NAME, or the URI of an existing image)."
)

// requireImage reports a missing image on every service type but a static
// site, and refuses one on a static site.
func (l *loader) requireImage(n *node, t schema.ServiceType) {
	if t == schema.TypeStaticSite || n.attr("image") != nil {
		return
	}
	l.errorf(n.DefRange, "Missing required argument", siteNeedsImage, t)
}

// checkSiteRules refuses, on a static site, what only services with tasks
// have, and the http settings of load balancers; on other types it
// refuses the static site's own settings.
func (l *loader) checkSiteRules(n *node, t schema.ServiceType) {
	if t != schema.TypeStaticSite {
		if b := n.block("files"); b != nil {
			l.errorf(b.DefRange, "files is not allowed on a "+string(t)+" service", "Only static-site services upload files; remove the files block or change the type to \"static-site\".")
		}
		if h := n.block("http"); h != nil && h.attr("certificate") != nil {
			l.errorf(h.attr("certificate").NameRange, "http.certificate is not allowed on a "+string(t)+" service",
				"Only a static site names its own certificate; a load balancer's certificates are the environment's (environment http { certificates }).")
		}
		return
	}
	why := "a static site is files served by CloudFront, with no image, tasks or load balancer"
	for name := range n.Attrs {
		if !slices.Contains(siteAttrs, name) {
			l.errorf(n.Attrs[name].NameRange, name+" is not allowed on a static-site service", "Remove %s: %s.", name, why)
		}
	}
	for name, bs := range n.Blocks {
		if !slices.Contains(siteBlocks, name) {
			l.errorf(bs[0].DefRange, name+" is not allowed on a static-site service", "Remove the %s block: %s.", name, why)
		}
	}
	if h := n.block("http"); h != nil {
		for name := range h.Attrs {
			if !slices.Contains(siteHTTPAttrs, name) {
				l.errorf(h.Attrs[name].NameRange, "http."+name+" is not allowed on a static-site service", "A static site's http block has alias and certificate only. Remove %s.", name)
			}
		}
		for _, bs := range h.Blocks {
			l.errorf(bs[0].DefRange, "http."+bs[0].Type+" is not allowed on a static-site service", "A static site's http block has alias and certificate only. Remove the %s block.", bs[0].Type)
		}
	}
	if len(n.Blocks["files"]) == 0 {
		l.warnf(n.DefRange, "Static site without files", "A static site serves the files its files blocks upload; with none, its bucket stays empty.")
	}
}

// staticSite reads a static site's body for one environment.
func (l *loader) staticSite(e *evaluator, n *node, d *schema.Deployment) *schema.StaticSite {
	s := &schema.StaticSite{}
	if h := n.block("http"); h != nil {
		if a := e.str(h, "alias", &s.Alias); a != nil {
			l.checkSiteAlias(e, a.Expr.Range(), d, s.Alias)
		}
		if a := e.str(h, "certificate", &s.Certificate); a != nil && !strings.HasPrefix(s.Certificate, "arn:") {
			e.errorf(a.Expr.Range(), "Invalid certificate", "certificate is the ARN of an ACM certificate in us-east-1 (arn:aws:acm:us-east-1:…).")
		} else if a != nil && !strings.Contains(s.Certificate, ":us-east-1:") {
			e.errorf(a.Expr.Range(), "Certificate outside us-east-1", "CloudFront uses certificates of us-east-1 only; %s is in another region.", s.Certificate)
		}
		if s.Certificate != "" && s.Alias == "" {
			e.errorf(h.attr("certificate").NameRange, "certificate without alias", "A certificate serves the alias; set alias too, or remove certificate.")
		}
	}
	for _, fn := range n.Blocks["files"] {
		s.Files = append(s.Files, l.fileUpload(e, fn))
	}
	return s
}

func (l *loader) fileUpload(e *evaluator, n *node) schema.FileUpload {
	var f schema.FileUpload
	if a := e.str(n, "source", &f.Source); a != nil {
		if _, err := os.Stat(filepath.Join(l.cfg.Dir, f.Source)); err != nil {
			e.errorf(a.Expr.Range(), "Missing files source", "%q is not a file or folder next to the configuration file (paths are relative to its folder).", f.Source)
		}
	}
	if a := e.str(n, "destination", &f.Destination); a != nil && strings.HasPrefix(f.Destination, "/") {
		e.errorf(a.Expr.Range(), "Invalid destination", "destination is a key prefix in the site's bucket and does not start with /; write %q.", strings.TrimLeft(f.Destination, "/"))
	}
	e.flag(n, "recursive", &f.Recursive)
	for _, name := range []string{"exclude", "reinclude"} {
		dst := &f.Exclude
		if name == "reinclude" {
			dst = &f.Reinclude
		}
		if a := e.strs(n, name, dst); a != nil {
			for _, p := range *dst {
				if _, err := path.Match(p, ""); err != nil {
					e.errorf(a.Expr.Range(), "Invalid "+name+" pattern", "%q is not a valid pattern (* ? [a-z] as in a shell).", p)
				}
			}
		}
	}
	return f
}

// checkSiteAlias requires an app domain for an alias, and the alias in
// the environment's zone (where its record and certificate validation go).
func (l *loader) checkSiteAlias(e *evaluator, at hcl.Range, d *schema.Deployment, alias string) {
	dom := l.cfg.App.Domain
	if dom == nil {
		e.errorf(at, "Alias without a domain", "A static site's alias gets a record in the environment's zone; add a domain to the app block, or remove alias.")
		return
	}
	if err := schema.CheckAlias(alias, schema.EnvZone(l.cfg.App.Name, d.Env, dom.Name)); err != nil {
		e.errorf(at, "Alias outside the environment's zone", "%s", sentence(err.Error()))
	}
}
