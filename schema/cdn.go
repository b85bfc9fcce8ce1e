package schema

// CDN is an environment's CloudFront distribution in front of its public
// load balancer (Copilot's environment cdn).
type CDN struct {
	// Certificate is the ARN of a certificate in us-east-1 for the
	// distribution's aliases; empty for none (the distribution's own
	// dxxxx.cloudfront.net name only).
	Certificate string
	// TerminateTLS: CloudFront ends TLS and reaches the load balancer over
	// HTTP, viewers are redirected to HTTPS; otherwise CloudFront passes
	// HTTP and HTTPS through as the viewer asked (Copilot's default).
	TerminateTLS bool
	Static       *CDNStatic // nil without static_assets
}

// CDNStatic serves a path pattern of the distribution from an S3 bucket
// (Copilot's cdn.static_assets).
type CDNStatic struct {
	Location string // the bucket's domain name (bucket.s3.region.amazonaws.com)
	Alias    string // a host name for the assets, among the distribution's aliases
	Path     string // the path pattern served from the bucket (static/*)
}
