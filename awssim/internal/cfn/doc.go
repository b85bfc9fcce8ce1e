// Package cfn simulates CloudFormation over the Query protocol, signing
// name cloudformation: stacks and their operations, change sets, events,
// exports and imports, drift detection, and the faults a test injects.
//
// Every operation is scheduled in simulated time when it starts: the plan
// (prepare.go, plan.go) evaluates the template with package cfntemplate,
// the builder (build.go, ops.go, ops_update.go, time.go) turns it into
// timed steps — resource events, rollbacks included — and Settle applies
// the steps the clock has passed before each call, so a stack's visible
// state is what its schedule says has happened by now.
//
// Other services keep in step with stacks through Provider: S3 and ECR make
// and remove the buckets and repositories of stacks as the steps pass, S3
// fails the deletion of a bucket that is not empty, ACM fails a certificate
// that cannot validate, Route 53 answers Fn::GetAtt NameServers. The
// providers are registered by package awssim; this package imports none
// of them.
//
// Change sets (diff.go) compare the stack's resources with what the new
// template evaluates to, property by property, with the replacement rules
// of the resource specification in package awsspec. flightplan's planner
// computes the same kind of diff to show a plan; the simulator keeps its
// own on purpose. It is an independent check: the simulator stands in for
// CloudFormation in flightplan's tests, and if it reused the planner's
// diff, a bug there would be mirrored here and every test would still pass.
package cfn
