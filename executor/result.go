package executor

import (
	"time"

	"flightplan/addr"
	"flightplan/planner"
)

// Result is what a walk did. It is returned even when the walk failed early
// (a guard or the lock), with Err set and no outcomes.
type Result struct {
	// Order lists the plan's nodes in the plan's order.
	Order []addr.Address
	// Outcomes has one entry per node of Order once the walk has run.
	Outcomes map[addr.Address]Outcome
	Counts   Counts
	Duration time.Duration
	// Interrupted is set when the context was cancelled during the walk.
	Interrupted bool
	// Err is the error Apply or Destroy returned.
	Err error
}

// Counts are the outcomes by kind. Created counts recreated stacks too.
type Counts struct {
	Created, Updated, Replaced, Deleted, Unchanged, Failed, Skipped int
}

func newResult(p *planner.Plan) *Result {
	r := &Result{Outcomes: map[addr.Address]Outcome{}}
	for _, c := range p.Changes {
		r.Order = append(r.Order, changeAddr(c))
	}
	return r
}

// record stores o and counts it.
func (r *Result) record(a addr.Address, o Outcome) {
	r.Outcomes[a] = o
	switch o.Status {
	case Failed:
		r.Counts.Failed++
	case Skipped:
		r.Counts.Skipped++
	case Unchanged:
		r.Counts.Unchanged++
	case Succeeded:
		r.Counts.count(o.Action)
	}
}

func (c *Counts) count(a planner.Action) {
	switch a {
	case planner.Create, planner.Recreate:
		c.Created++
	case planner.Update:
		c.Updated++
	case planner.Replace:
		c.Replaced++
	case planner.Delete:
		c.Deleted++
	default:
		c.Unchanged++
	}
}

// Failures returns the nodes that failed themselves (not the skipped ones),
// in the plan's order.
func (r *Result) Failures() []addr.Address {
	return r.with(Failed)
}

// SkippedNodes returns the nodes that were skipped, in the plan's order.
func (r *Result) SkippedNodes() []addr.Address {
	return r.with(Skipped)
}

func (r *Result) with(s Status) []addr.Address {
	var out []addr.Address
	for _, a := range r.Order {
		if o, ok := r.Outcomes[a]; ok && o.Status == s {
			out = append(out, a)
		}
	}
	return out
}

// changeAddr is the change's address; plans read from JSON carry only the
// text form.
func changeAddr(c *planner.Change) addr.Address {
	if c.Addr.Kind != "" {
		return c.Addr
	}
	a, err := addr.Parse(c.Address)
	if err != nil {
		return addr.Address{Kind: addr.Kind("invalid"), Name: c.Address}
	}
	return a
}
