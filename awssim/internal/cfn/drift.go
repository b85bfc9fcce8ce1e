package cfn

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// driftDetectionTime is how long DetectStackDrift runs, in simulated time.
const driftDetectionTime = 10 * time.Second

// cfnDriftRun is one DetectStackDrift call and what it found.
type cfnDriftRun struct {
	ID        string          `json:"id"`
	StackID   string          `json:"stackId"`
	Start     time.Time       `json:"start"`
	Done      time.Time       `json:"done"`
	Status    string          `json:"status"` // DRIFTED or IN_SYNC
	Resources []cfnDriftEntry `json:"resources"`
}

// cfnDriftEntry is the drift of one resource.
type cfnDriftEntry struct {
	LogicalID  string        `json:"logicalId"`
	PhysicalID string        `json:"physicalId"`
	Type       string        `json:"type"`
	Status     string        `json:"status"` // IN_SYNC, MODIFIED, DELETED
	Expected   string        `json:"expected"`
	Actual     string        `json:"actual,omitempty"`
	Diffs      []cfnPropDiff `json:"diffs,omitempty"`
}

// cfnPropDiff is one PropertyDifference.
type cfnPropDiff struct {
	Path, Expected, Actual, Type string
}

// DriftResource changes a resource's actual properties behind
// CloudFormation's back: each key of actual replaces that top-level
// property (nil removes it). DetectStackDrift then reports the difference.
func (x *Service) DriftResource(account, region, stack, logicalID string, actual map[string]any) error {
	return x.behindCFN(account, region, stack, logicalID, func(r *Resource) {
		merged := map[string]any{}
		for k, v := range r.currentActual() {
			merged[k] = v
		}
		for k, v := range actual {
			if v == nil {
				delete(merged, k)
			} else {
				merged[k] = v
			}
		}
		r.Actual = merged
	})
}

// DeleteResourceBehindCFN deletes a resource without CloudFormation
// knowing: DetectStackDrift then reports it DELETED.
func (x *Service) DeleteResourceBehindCFN(account, region, stack, logicalID string) error {
	return x.behindCFN(account, region, stack, logicalID, func(r *Resource) { r.GoneBehind = true })
}

func (x *Service) behindCFN(account, region, stack, logicalID string, change func(*Resource)) error {
	x.core.Lock()
	defer x.core.Unlock()
	x.Settle()
	st := x.findStack(account, region, stack)
	if st == nil {
		return stackNotFound(stack)
	}
	r, ok := st.Resources[logicalID]
	if !ok {
		return fmt.Errorf("awssim: stack %s has no resource %s", stack, logicalID)
	}
	r = r.clone()
	change(r)
	st.Resources[logicalID] = r
	x.changed()
	return nil
}

// currentActual returns the resource's properties as they really are.
func (r *Resource) currentActual() map[string]any {
	if r.Actual != nil {
		return r.Actual
	}
	return r.Props
}

// driftOf compares a resource's expected and actual properties.
func (r *Resource) driftOf() cfnDriftEntry {
	e := cfnDriftEntry{LogicalID: r.LogicalID, PhysicalID: r.PhysicalID, Type: r.Type, Status: "IN_SYNC", Expected: jsonOf(r.Props)}
	if r.GoneBehind {
		e.Status = "DELETED"
		return e
	}
	e.Actual = jsonOf(r.currentActual())
	for _, p := range diffPaths(r.Props, r.currentActual(), nil) {
		ev, eok := lookup(r.Props, p)
		av, aok := lookup(r.currentActual(), p)
		d := cfnPropDiff{Path: "/" + strings.Join(p, "/"), Expected: valueString(ev), Actual: valueString(av), Type: "NOT_EQUAL"}
		if !eok {
			d.Type = "ADD"
		} else if !aok {
			d.Type = "REMOVE"
		}
		e.Diffs = append(e.Diffs, d)
	}
	if len(e.Diffs) > 0 {
		e.Status = "MODIFIED"
	}
	return e
}

func lookup(v any, path []string) (any, bool) {
	for _, seg := range path {
		switch x := normalize(v).(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, v != nil
}

func valueString(v any) string {
	switch v.(type) {
	case map[string]any, []any:
		return jsonOf(v)
	}
	return cfntemplate.String(v)
}

func jsonOf(v any) string {
	if v == nil {
		v = map[string]any{}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// detect runs drift detection on st now.
func (x *Service) detect(st *cfnStack, only []string) *cfnDriftRun {
	now := x.now()
	run := &cfnDriftRun{ID: x.nextID("drift"), StackID: st.ID, Start: now, Done: now.Add(driftDetectionTime), Status: "IN_SYNC"}
	for _, id := range slices.Sorted(maps.Keys(st.liveResources())) {
		if len(only) > 0 && !slices.Contains(only, id) {
			continue
		}
		r := st.Resources[id].clone()
		e := r.driftOf()
		r.DriftStatus, r.DriftChecked = e.Status, now
		st.Resources[id] = r
		if e.Status != "IN_SYNC" {
			run.Status = "DRIFTED"
		}
		run.Resources = append(run.Resources, e)
	}
	st.DriftStatus, st.DriftChecked = run.Status, now
	x.st.Drifts = append(x.st.Drifts, run)
	return run
}

type detectStackDriftResult struct {
	StackDriftDetectionId string
}

func (x *Service) detectStackDrift(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	if inProgress(st.Status) || st.Status == "REVIEW_IN_PROGRESS" {
		return nil, simcore.Errorf("ValidationError", "Drift detection is not supported for stacks in %s status", st.Status)
	}
	run := x.detect(st, members(r.Form, "LogicalResourceIds"))
	x.changed()
	return detectStackDriftResult{StackDriftDetectionId: run.ID}, nil
}

type driftStatusResult struct {
	StackId, StackDriftDetectionId string
	StackDriftStatus               string `xml:",omitempty"`
	DetectionStatus                string
	DetectionStatusReason          string `xml:",omitempty"`
	DriftedStackResourceCount      *int   `xml:",omitempty"`
	Timestamp                      isoTime
}

func (x *Service) driftRun(id string) *cfnDriftRun {
	for _, d := range x.st.Drifts {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func (x *Service) describeStackDriftDetectionStatus(r *simcore.Request) (any, error) {
	id := r.Form.Get("StackDriftDetectionId")
	run := x.driftRun(id)
	if run == nil {
		return nil, simcore.Errorf("ValidationError", "Drift detection with id %s does not exist", id)
	}
	out := driftStatusResult{StackId: run.StackID, StackDriftDetectionId: run.ID, DetectionStatus: "DETECTION_IN_PROGRESS", Timestamp: isoTime(run.Start)}
	if !x.now().Before(run.Done) {
		n := 0
		for _, e := range run.Resources {
			if e.Status != "IN_SYNC" {
				n++
			}
		}
		out.DetectionStatus, out.StackDriftStatus, out.DriftedStackResourceCount = "DETECTION_COMPLETE", run.Status, &n
	}
	return out, nil
}

type propertyDifferenceXML struct {
	PropertyPath, ExpectedValue, ActualValue, DifferenceType string
}

type resourceDriftXML struct {
	StackId, LogicalResourceId, PhysicalResourceId, ResourceType string
	ExpectedProperties                                           string
	ActualProperties                                             string                  `xml:",omitempty"`
	PropertyDifferences                                          []propertyDifferenceXML `xml:"PropertyDifferences>member"`
	StackResourceDriftStatus                                     string
	Timestamp                                                    isoTime
}

type resourceDriftsResult struct {
	StackResourceDrifts []resourceDriftXML `xml:"StackResourceDrifts>member"`
	NextToken           string             `xml:",omitempty"`
}

func (x *Service) describeStackResourceDrifts(r *simcore.Request) (any, error) {
	st, err := x.mustStack(r, "StackName")
	if err != nil {
		return nil, err
	}
	filter := members(r.Form, "StackResourceDriftStatusFilters")
	var run *cfnDriftRun
	for _, d := range x.st.Drifts {
		if d.StackID == st.ID {
			run = d
		}
	}
	var out resourceDriftsResult
	if run == nil {
		return out, nil
	}
	for _, e := range run.Resources {
		if len(filter) > 0 && !slices.Contains(filter, e.Status) {
			continue
		}
		d := resourceDriftXML{StackId: st.ID, LogicalResourceId: e.LogicalID, PhysicalResourceId: e.PhysicalID, ResourceType: e.Type,
			ExpectedProperties: e.Expected, ActualProperties: e.Actual, StackResourceDriftStatus: e.Status, Timestamp: isoTime(run.Start)}
		for _, p := range e.Diffs {
			d.PropertyDifferences = append(d.PropertyDifferences, propertyDifferenceXML{PropertyPath: p.Path, ExpectedValue: p.Expected, ActualValue: p.Actual, DifferenceType: p.Type})
		}
		out.StackResourceDrifts = append(out.StackResourceDrifts, d)
	}
	return out, nil
}
