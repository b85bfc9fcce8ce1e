// Package live reads the live state of an application from AWS into
// planner's State: the SSM documents under /copilot/applications/{app}, the
// CloudFormation stacks tagged copilot-application={app} in every account
// and region concerned (ReadState), and whether each image node's tag is in
// its ECR repositories (ReadImages). Targets says which accounts and regions
// a desired state lives in.
//
// It owns every AWS call made to plan, and nothing else: the diff, the
// graph and the plan model are planner's, which never calls AWS and is given
// the State this package returns. drift reads through it too (without
// templates, see ReadOptions.SkipTemplates).
//
// # The account guard
//
// Nothing is read from an account before its credentials have been checked
// to belong to it (cloud.Provider.Guard, one STS GetCallerIdentity per
// account and region). ReadState guards every target it knows before its
// first read, and reads nothing if any is wrong; a target it learns about
// from an environment document is guarded before its stacks are listed.
// ReadImages relies on ReadState's guard: call it after ReadState, with the
// same provider.
//
// # Costs in calls
//
// ReadState: 1 STS call per account and region (the guard); 2 SSM calls
// plus pagination (GetParameters for the app document, a recursive
// GetParametersByPath under it) in the app's account and region; and per
// account and region one DescribeStacks page per 100 stacks, plus one
// GetTemplate per stack of the app unless SkipTemplates: about 1.04 calls
// per stack. Document tags are not read (that would be one
// ListTagsForResource per document), so they are not compared either. SSM
// and CloudFormation are read at the same time, templates as soon as their
// page arrives, all calls sharing one bound of ReadOptions.Parallelism in
// flight. live/bench_test.go measures calls per object and the wall time
// against the bound those calls allow.
//
// ReadImages: one ECR DescribeImages per repository of every image node of
// the desired state it is given (by tag), so callers cut the desired state
// to the nodes they plan first. A repository that does not exist yet lacks
// the tag.
package live
