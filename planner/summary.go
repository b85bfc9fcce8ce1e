package planner

// Counts tallies actions: Add counts creates, Change updates, Replace
// replacements and recreates, Destroy deletes; no-ops are not counted.
type Counts struct {
	Add, Change, Replace, Destroy int
}

// Total is the number of counted actions.
func (c Counts) Total() int { return c.Add + c.Change + c.Replace + c.Destroy }

func (c *Counts) count(a Action) {
	switch a {
	case Create:
		c.Add++
	case Update:
		c.Change++
	case Replace, Recreate:
		c.Replace++
	case Delete:
		c.Destroy++
	}
}

// Summary is what the plan's summary line says. Nodes counts the plan's
// changes (one per node: what `Plan: N to add…` reports, because nodes are
// what flightplan applies, targets and reports progress for); Resources
// counts the CloudFormation resources inside them (what Terraform would
// count), shown beside it and per node.
type Summary struct {
	Nodes     Counts
	Resources Counts
}

// Summary counts the plan's changes and their resources.
func (p *Plan) Summary() Summary {
	var s Summary
	for _, c := range p.Changes {
		s.Nodes.count(c.Action)
		r := c.ResourceCounts()
		s.Resources.Add += r.Add
		s.Resources.Change += r.Change
		s.Resources.Replace += r.Replace
		s.Resources.Destroy += r.Destroy
	}
	return s
}

// ResourceCounts counts the resource changes of the node's stack.
func (c *Change) ResourceCounts() Counts {
	var n Counts
	if c.Stack == nil {
		return n
	}
	for _, r := range c.Stack.Resources {
		n.count(r.Action)
	}
	return n
}

// Deletions returns the changes that delete a node, in plan order.
func (p *Plan) Deletions() []*Change {
	var out []*Change
	for _, c := range p.Changes {
		if c.Action == Delete {
			out = append(out, c)
		}
	}
	return out
}

// DeletedStacks returns the live stacks of s that the plan deletes, in plan
// order: those whose buckets to read (see RecordBuckets).
func (p *Plan) DeletedStacks(s *State) []*LiveStack {
	var out []*LiveStack
	for _, c := range p.Deletions() {
		if c.Stack == nil {
			continue
		}
		if st := s.Stack(c.Account, c.Region, c.Stack.Name); st != nil {
			out = append(out, st)
		}
	}
	return out
}

// RecordBuckets records, on each stack the plan deletes, the buckets that
// its deletion empties, keyed by LiveStack.Key (package live reads them:
// the planner calls nothing).
func (p *Plan) RecordBuckets(buckets map[string][]Bucket) {
	for _, c := range p.Deletions() {
		if c.Stack != nil {
			c.Stack.Buckets = buckets[stackKey(c.Account, c.Region, c.Stack.Name)]
		}
	}
}
