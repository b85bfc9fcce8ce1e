// Package drift finds where AWS no longer matches what flightplan deployed,
// for a cron job or a CI schedule: `flightplan drift` exits 2 when it finds
// any.
//
// Detect looks in two places:
//
//   - CloudFormation's own drift detection, on every managed stack (declared
//     in the file or tagged for the app): DetectStackDrift, polling
//     DescribeStackDriftDetectionStatus with backoff, then
//     DescribeStackResourceDrifts (MODIFIED and DELETED only, paginated).
//     It compares each resource with the template that was last deployed,
//     not with the file.
//   - what CloudFormation cannot see, from live.ReadState and the desired
//     state: SSM documents edited or deleted, stacks and documents tagged for
//     the app that the file does not declare, stacks stuck in a failed
//     state, desired stacks that do not exist, and the three places
//     (file, SSM, CloudFormation) disagreeing with each other.
//
// # Drift is not a pending change
//
// A template edited in the file but not yet applied is not drift: that is
// what `flightplan plan` shows, and CloudFormation's detection, which
// compares resources with the deployed template, never reports it. SSM
// documents and the inventory of stacks have no "last deployed" record, so
// they are necessarily compared with the file: a document field changed in
// the file, or a service added to it, shows as drift until it is applied.
// Such a change is rare (documents hold names, accounts and regions), and a
// fix line that says "run flightplan apply" is right either way.
//
// # Decisions
//
//   - Resource drift is not fixed by an apply: CloudFormation executes no
//     change for an unchanged template, so a modified resource keeps its
//     value. The fix line says so instead of promising a restore.
//   - Per-stack failures (a stack that refuses detection, a detection that
//     times out) do not stop the run: they are Report.Errors, the rest is
//     still checked, and ExitCode returns 1. Detect returns an error only
//     when nothing can be checked (the live state cannot be read, a target
//     is unknown).
//   - --target checks exactly the named nodes, not their dependencies:
//     nothing is applied, so no order is needed.
//   - Calls are bounded twice: opts.Parallelism stacks are checked at once,
//     and every CloudFormation call waits for a token of its account and
//     region's budget (opts.CallsPerSecond), so that polling never throttles
//     the account for other tools. A stack with no drifted resource costs
//     no DescribeStackResourceDrifts call.
package drift
