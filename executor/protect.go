package executor

import (
	"context"
	"fmt"

	"flightplan/addr"
	"flightplan/planner"
)

// Deletion protection, checked live.
//
// The plan refuses to delete a protected environment, but a saved plan may
// be applied after the protection was set, and the state read for the plan
// may be stale. So, right before deleting a stack, the executor reads its
// tags again (the DescribeStacks that finds the stack settled) and refuses
// when it carries planner.TagDeletionProtection=true and the delete would
// take a protected environment away: the environment's own stack, or a
// workload stack of an environment the plan does not keep. A workload
// removed from a protected environment that stays is deleted as usual.

// deleteGuard returns the check destroy runs, through op, on the live
// stack of node a just before deleting it; nil when nothing protects such
// a node. A workload stack is also refused when its environment's stack
// (in the same account and region) is protected: workload stacks deployed
// before the tag existed do not carry it, and are deleted before the
// environment.
func (x *applier) deleteGuard(a addr.Address, op *stackOp) func(context.Context, *liveStack) error {
	var envStack string
	switch {
	case a.Kind == addr.KindEnv:
	case a.Kind == addr.KindDeploy && !x.keepsEnv(a.Env):
		if c := x.changes[addr.Env(a.Env)]; c != nil && c.Stack != nil {
			envStack = c.Stack.Name
		}
	default:
		return nil
	}
	return func(ctx context.Context, live *liveStack) error {
		if err := protectedBy(a, live); err != nil || envStack == "" {
			return err
		}
		env, err := op.describe(ctx, envStack)
		if err != nil || env == nil {
			return err
		}
		return protectedBy(a, env)
	}
}

// protectedBy refuses the delete of node a when live, its stack or its
// environment's, carries the protection tag.
func protectedBy(a addr.Address, live *liveStack) error {
	if live.tags[planner.TagDeletionProtection] != "true" {
		return nil
	}
	return &planner.ProtectedError{Env: a.Env, Node: a,
		Why: fmt.Sprintf("tag %s=true on stack %s, read just before the delete", planner.TagDeletionProtection, live.name)}
}

// keepsEnv reports whether the plan keeps environment env: it holds a
// change of env/{env} that is not a delete.
func (x *applier) keepsEnv(env string) bool {
	c := x.changes[addr.Env(env)]
	return c != nil && c.Action != planner.Delete
}
