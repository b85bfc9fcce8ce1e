package s3

import (
	"slices"

	"flightplan/awssim/internal/simcore"
)

// ReadObject returns the current body of bucket/key as account may read
// it, for CloudFormation's TemplateURL. The caller holds the core's lock.
// Errors are S3's: NoSuchBucket, AccessDenied (another account's bucket),
// NoSuchKey.
func (x *Service) ReadObject(account, bucket, key string) ([]byte, error) {
	b := x.bucket(bucket)
	if b == nil {
		return nil, noSuchBucket(bucket)
	}
	if b.Account != account && !slices.Contains(b.Readers, account) {
		return nil, accessDenied()
	}
	v := b.current(key)
	if v == nil {
		return nil, simcore.Errorf("NoSuchKey", "The specified key does not exist.")
	}
	return v.Body, nil
}
