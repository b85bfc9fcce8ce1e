// Package s3 simulates S3, over REST-XML with path-style addressing (/{bucket}, /{bucket}/{key}),
// signing name s3.
//
// Bucket names are global, as in AWS: a bucket belongs to the account that
// made it, another account's call on it is AccessDenied, and its name cannot
// be taken again until it is deleted. A bucket keeps every version of its
// objects once versioning has been enabled (delete markers included), and a
// single "null" version per key otherwise, so that DeleteBucket refuses a
// bucket while any version or delete marker remains, as S3 does.
//
// The AWS::S3::Bucket resources of stacks are buckets too (stack.go):
// one appears when its resource's creation completes (named by its physical
// ID, versioned if the template's VersioningConfiguration says Enabled) and
// goes when CloudFormation deletes it, which fails while it is not empty.
// All buckets live in s3State and are persisted with the rest of the state.
package s3
