// Package ecr simulates ECR, over AWS JSON 1.1 (X-Amz-Target AmazonEC2ContainerRegistry_V20150921.
// Action), signing name ecr.
//
// Simulated ECR holds repositories and the images pushed to them: an image
// is a manifest (its digest is the manifest's sha256) with any number of
// tags. There are no layers and no registry to push to: PutImage is how a
// test, or a fake image pusher, says "this tag now exists", and what
// DescribeImages and ListImages then report. GetAuthorizationToken returns
// a token in AWS's shape (base64 of "AWS:<password>") with the registry's
// proxy endpoint, good for twelve hours.
//
// Repositories are made by CloudFormation (stack.go): an
// AWS::ECR::Repository resource becomes a repository, named by its physical
// ID, in the stack's account and region when its creation completes, and
// goes, with its images, when its deletion completes (EmptyOnDelete, which
// flightplan's templates set; the simulator does not fail the deletion of
// a non-empty repository without it). There is no CreateRepository.
// Everything lives in ecrState and is persisted with the rest of the state.
package ecr
