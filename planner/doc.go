// Package planner turns the desired state (package stacks) and a live state
// into a Plan: the dependency graph of the nodes, the diff, and the Plan
// data model with its JSON encoding.
//
// The planner never calls AWS. It diffs a desired state against a live
// State that it is given: package live reads one from AWS, tests build one
// by hand. It imports neither cloud nor any AWS SDK service package, so the
// plan model, the graph and the diff can be used and tested without
// credentials or a network.
//
// The Plan is data. Apply consumes a Plan and nothing else; every view (text,
// JSON, markdown) is rendered from the same Plan.
//
// Decisions worth knowing:
//   - Graph edges point from a node to what it depends on (A→B: B first).
//     Cycles are reported one per strongly connected component (a shortest
//     cycle through its least address), which names every node involved
//     without enumerating exponentially many cycles. Ties in every order are
//     broken by addr.Less.
//   - ApplyGraph turns a Plan back into the graph apply walks: the same
//     edge direction, with deletes reversed (a node is deleted after the
//     nodes that need it), no-op nodes waiting for nothing, and
//     dependencies outside the plan (a --target plan) ignored.
//   - Live objects are assigned to nodes by the desired names first, then by
//     Copilot's tags (stacks) and paths (documents); tagged objects that map
//     to no node are left alone and named in Plan.Notes; objects that map to
//     a node the file no longer declares are deleted.
//   - Deletion protection: DiffOptions.Protected (from the file) and the
//     stack tag flightplan:deletion-protection=true, which package stacks
//     writes on a protected environment's stack and its workloads' stacks
//     (so that it outlives the environment's block), both refuse a plan
//     that deletes the environment, or a workload stack with it
//     (ProtectedError). Removing a workload from an environment that stays
//     is not refused. CloudFormation's termination protection is not used:
//     see stacks.TagDeletionProtection.
//   - An update that changes the value of exports other live stacks
//     import cannot succeed in one apply; the node carries a warning
//     (Change.Warnings, diff_exports_changed.go) rather than a clean plan.
//   - The summary counts nodes (what apply schedules and reports); resource
//     counts are shown beside it and per node.
//   - Stack Inputs (stacks.Input, inputs.go) are diffed with the live
//     output of their source stack; when that stack does not exist yet,
//     lacks the output or is changed by the plan in a way that may change
//     it, the parameter shows as KnownAfterApply (ValueChange.Unknown),
//     never as a guessed value. The desired state keeps the Inputs
//     unresolved: the executor reads them at apply.
//   - Zone, delegation and CloudFront certificate stacks carry the tag flightplan:node (TagNode)
//     with their address, Copilot having no tag for them, so that they are
//     found and deleted when the domain leaves the file.
//   - Image nodes (image.go) are planned from State.Images, whether each
//     repository has the node's tag. An image node is a create when its tag
//     is missing from any repository (a reason per repository), a no-op
//     when it is in all of them, and a no-op when images were not read. The
//     fingerprint records each repository:tag's presence, so an image
//     pushed or deleted after a saved plan makes it stale.
//   - Plan files (plan_file.go) hold the desired nodes themselves (each
//     stacks.Node encodes every field), not a description of them that
//     could fall behind. Apply of a saved plan checks it with Stale, then
//     plans again and requires Verify (plan_verify.go) to find the file
//     identical to that plan, which it then applies.
package planner
