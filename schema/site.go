package schema

// TypeStaticSite is Copilot's Static Site: files served by CloudFront from
// an S3 bucket, with no image and no tasks.
const TypeStaticSite ServiceType = "static-site"

// StaticSite is a static site's body in one environment (Copilot's
// StaticSiteConfig).
type StaticSite struct {
	// Alias is http.alias, a host name CloudFront answers to; empty for
	// the distribution's own dxxxx.cloudfront.net name only.
	Alias string
	// Certificate is http.certificate, the ARN of a certificate in
	// us-east-1 covering Alias; empty to request one in the stack.
	Certificate string
	Files       []FileUpload // in file order
}

// FileUpload is one files block: what apply uploads to the site's bucket.
// Paths are relative to Config.Dir.
type FileUpload struct {
	Source      string // a file or a folder
	Destination string // key prefix in the bucket; "" for the root
	Recursive   bool   // a folder's subfolders too (default false, as Copilot)
	Exclude     []string
	Reinclude   []string
}
