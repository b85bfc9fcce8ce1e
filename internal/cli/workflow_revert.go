package cli

import (
	"fmt"

	"flightplan/drift"
	"flightplan/planner"
)

// revertDrift adds to p what apply --revert-drift puts back: drift
// detection runs on the plan's stacks and every modified property becomes
// a revert in the plan (planner.RevertDrift), so that the plan shown is
// what the drift-aware change sets do. A check that could not be made
// stops the apply: an incomplete drift check must not look clean.
func (e *env) revertDrift(s *session, p *planner.Plan, in planInput) error {
	targets, err := parseTargets(in.Targets)
	if err != nil {
		return err
	}
	r, err := drift.Detect(e.ctx, s.desired, s.provider, drift.Options{Targets: targets, Parallelism: in.Parallelism,
		Sensitive: s.cfg.Sensitive, CallsPerSecond: e.callsPerSecond(), PollInterval: e.pollInterval()})
	if err != nil {
		return fmt.Errorf("--revert-drift: detecting drift: %w", err)
	}
	props, err := revertedProperties(r)
	if err != nil {
		return err
	}
	p.RevertDrift(props)
	return nil
}

// revertedProperties are the modified properties of a drift report, in
// the planner's terms; a report that could not check everything is an
// error.
func revertedProperties(r *drift.Report) ([]planner.DriftedProperty, error) {
	if len(r.Errors) > 0 {
		return nil, fmt.Errorf("--revert-drift: drift could not be detected for %s: %s; nothing was applied", r.Errors[0].Address, r.Errors[0].Message)
	}
	var props []planner.DriftedProperty
	for _, f := range r.Findings {
		if f.Kind == drift.ResourceModified {
			props = append(props, planner.DriftedProperty{Addr: f.Addr, LogicalID: f.LogicalID, Type: f.ResourceType,
				Path: f.Path, Expected: f.Expected, Actual: f.Actual})
		}
	}
	return props, nil
}
