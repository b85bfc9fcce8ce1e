package cfn

import (
	"slices"

	"flightplan/awssim/internal/simcore"
)

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
