package simcore

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Call is one call of an Action and the time it is served at.
type Call struct {
	*Request
	Now time.Time
}

// Action is one action of a JSON service whose state lives beside the
// stacks' (CloudWatch Logs, Step Functions): how it is served, on S (the
// service), and whether a successful call changes the state.
type Action[S any] struct {
	Serve   func(s S, c *Call) (any, error)
	Mutates bool
}

// ServeAction serves r with its action from actions under the core's
// lock, after settle (which brings the stacks up to the clock), and
// persists the state after a successful call that changes it. An action
// not in actions is UnknownOperationException naming those the simulated
// service (name) serves.
func ServeAction[S any](c *Core, name string, s S, actions map[string]Action[S], settle func(), r *Request) (any, error) {
	a, ok := actions[r.Action]
	if !ok {
		return nil, Errorf("UnknownOperationException", "the simulator's %s serves %s, not %s", name, strings.Join(slices.Sorted(maps.Keys(actions)), ", "), r.Action)
	}
	c.Lock()
	defer c.Unlock()
	settle()
	out, err := a.Serve(s, &Call{Request: r, Now: c.Now().UTC()})
	if err == nil && a.Mutates {
		c.Persist()
	}
	return out, err
}
