package lang

import (
	"strings"

	"flightplan/schema"
)

// cdn reads an environment's cdn = true|false or cdn { … } block.
func (l *loader) cdn(e *evaluator, n *node) *schema.CDN {
	on := false
	if a := e.flag(n, "cdn", &on); a != nil {
		if n.block("cdn") != nil {
			e.errorf(a.NameRange, "cdn set twice", "This environment has both cdn = %t and a cdn block. Remove one: cdn = true turns CloudFront on with its defaults, the block configures it.", on)
		}
		if !on {
			return nil
		}
		return &schema.CDN{}
	}
	b := n.block("cdn")
	if b == nil {
		return nil
	}
	c := &schema.CDN{}
	if a := e.str(b, "certificate", &c.Certificate); a != nil && !strings.Contains(c.Certificate, ":us-east-1:") {
		e.errorf(a.Expr.Range(), "Certificate outside us-east-1", "CloudFront uses certificates of us-east-1 only: set certificate to the ARN of one there (arn:aws:acm:us-east-1:…).")
	}
	e.flag(b, "terminate_tls", &c.TerminateTLS)
	if sb := b.block("static_assets"); sb != nil {
		c.Static = &schema.CDNStatic{}
		if a := e.str(sb, "location", &c.Static.Location); a != nil && !strings.Contains(c.Static.Location, ".s3.") {
			e.errorf(a.Expr.Range(), "Invalid static assets location", "location is the domain name of the bucket, such as my-assets.s3.us-west-2.amazonaws.com.")
		}
		e.str(sb, "alias", &c.Static.Alias)
		if a := e.str(sb, "path", &c.Static.Path); a != nil && c.Static.Path == "" {
			e.errorf(a.Expr.Range(), "Empty static assets path", "path is the path pattern CloudFront serves from the bucket, such as static/*.")
		}
	}
	return c
}
