package cfn

import (
	"errors"
	"net/url"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// ObjectReader reads the current body of an object of the simulated S3,
// as account may; it is called with the core's lock held.
type ObjectReader interface {
	ReadObject(account, bucket, key string) ([]byte, error)
}

// SetObjectReader lets CloudFormation read templates from S3.
func (x *Service) SetObjectReader(r ObjectReader) { x.objects = r }

// templateFromURL reads the template a TemplateURL names in the simulated
// S3: https://BUCKET.s3[.REGION].amazonaws.com/KEY,
// https://s3[.REGION].amazonaws.com/BUCKET/KEY, or a path-style URL of the
// simulator's own endpoint (http://127.0.0.1:4566/BUCKET/KEY).
func (x *Service) templateFromURL(account, rawURL string) (string, error) {
	bucket, key, ok := splitTemplateURL(rawURL)
	if !ok || x.objects == nil {
		return "", simcore.Errorf("ValidationError", "TemplateURL must be a supported URL.")
	}
	body, err := x.objects.ReadObject(account, bucket, key)
	if err != nil {
		msg := err.Error()
		var ae *simcore.APIError
		if errors.As(err, &ae) {
			msg = ae.Message
		}
		return "", simcore.Errorf("ValidationError", "S3 error: %s", msg)
	}
	return string(body), nil
}

func splitTemplateURL(raw string) (bucket, key string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", "", false
	}
	path := strings.TrimPrefix(u.Path, "/")
	host := u.Hostname()
	if b, rest, found := strings.Cut(host, ".s3"); found && b != "" && strings.HasSuffix(rest, ".amazonaws.com") {
		return b, path, path != ""
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key, bucket != "" && key != ""
}
