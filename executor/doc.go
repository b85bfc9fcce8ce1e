// Package executor walks a planner.Plan against AWS: it checks every account,
// takes the app's lock, and applies the changes in parallel topological order
// through CloudFormation change sets and SSM PutParameter / DeleteParameter,
// reporting progress through Hooks. It never writes to the terminal; package
// view renders the hooks and the Result.
//
// # Order
//
// A node starts when every node it depends on has finished successfully. A
// delete walks the reverse graph: a node is deleted only after every node
// that depends on it is deleted. In a plan that mixes both, a deletion of a
// dependent also comes before any change to what it depended on (its stack
// may import an export that the update removes). A node whose prerequisite
// failed is skipped, naming the failed node; independent branches finish.
// No-op nodes finish at once. These edges are planner.ApplyGraph's, which
// also checks the plan (parsable addresses, no cycle); the walk adds only
// the scheduling.
//
// At most Options.Parallelism nodes run at once. When more are ready, those
// with the longest chain of work behind them start first (a node weighs one
// plus one per resource its stack changes): the classic longest-path-first
// list scheduling, which keeps a bounded walk close to the critical path
// (BenchmarkApply reports the ratio).
//
// # Within a node
//
// A node owns at most one stack and some SSM documents. On create and update
// the stack goes first and the documents after it succeeds, so a Copilot
// document never registers a stack that failed to deploy. On delete the
// stack goes first and the documents last, so a stack whose deletion failed
// stays registered and both flightplan and copilot still find it to retry.
// In short: a document exists only while its stack does.
//
// Before a stack is deleted, its buckets are emptied (bucket.go): every
// AWS::S3::Bucket resource of the stack whose DeletionPolicy does not
// retain it loses all its object versions and delete markers (DeleteObjects,
// 1000 at a time, reported as EMPTYING events of the node). CloudFormation
// cannot delete a bucket that holds anything, so without this destroying an
// app whose pipelines filled the region's versioned artifact bucket would
// end DELETE_FAILED. A retained bucket keeps its objects; ECR repositories
// empty themselves (EmptyOnDelete).
//
// Right before a stack is deleted, its tags are read again: a protected
// environment's stack, or a workload stack of a protected environment that
// the plan does not keep, is not deleted (protect.go), whatever the plan
// says.
//
// An image/{name} node (image.go) has no stack: its create builds the image
// once with Options.Builder (default DockerBuilder: `docker buildx build`,
// then per repository `docker login --password-stdin` with ECR's
// GetAuthorizationToken password and `docker push`), streaming the
// builder's output as the node's events. The deployments that run the
// image depend on the node, so they start only when every region's
// repository has the tag, and are skipped if the build or a push fails.
// Without docker on PATH the node fails saying what to do instead.
// SimBuilder, for the simulator, builds nothing and registers each push
// with ECR PutImage, so that the next plan finds the tag.
//
// A stack's Inputs (stacks.Input) are read just before its change set is
// created, with DescribeStacks of the source node's stack in that node's
// account and region (inputs.go); the source is a dependency, so it has
// been applied. The plan never holds their values.
//
// # Interrupts
//
// When ctx is cancelled the walk starts nothing new: a node that has not made
// its first write stops (a change set it created is deleted), and a stack
// operation already executing is waited for on a context that is not
// cancelled, bounded by Options.StackTimeout, because abandoning it would leave
// the user with no report of how it ended. The lock is released on every
// path. The second Ctrl-C is the caller's business.
//
// # Call budget
//
// Every CloudFormation call goes through a token bucket per account and
// region (Options.CallsPerSecond, cloud.Budgets), shared by every node of that target, so
// that ten stacks polled at once never exhaust CloudFormation's quota. The
// SDK's retryer (package cloud) still backs off on any throttling left; and
// the reads made while an operation is in flight (DescribeStacks,
// DescribeStackEvents, DescribeChangeSet) are retried beyond it, on the
// poll interval's clock, for as long as the stack timeout allows
// (stack_wait.go): a throttled read never fails a node whose stack
// operation goes on, or has succeeded, in CloudFormation.
package executor
