package sfn

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"flightplan/awssim/internal/simcore"
)

// The Step Functions actions.

var executionName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9A-Za-z_-]{1,80}$`) })

func (x *Service) startExecution(c *call) (any, error) {
	var in struct {
		StateMachineArn string `json:"stateMachineArn"`
		Name            string `json:"name"`
		Input           string `json:"input"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	arn, ok := x.machine(c.Account, c.Region, in.StateMachineArn)
	if !ok || arn != in.StateMachineArn {
		return nil, simcore.Errorf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", in.StateMachineArn)
	}
	name := in.Name
	if name == "" {
		name = simcore.UUID(arn + "/" + strconv.Itoa(len(x.st.Executions[arn])))
	}
	if !executionName().MatchString(name) {
		return nil, simcore.Errorf("InvalidName", "Invalid Name: '%s'", name)
	}
	execARN := strings.Replace(arn, ":stateMachine:", ":execution:", 1) + ":" + name
	if slices.ContainsFunc(x.st.Executions[arn], func(e *execution) bool { return e.ARN == execARN }) {
		return nil, simcore.Errorf("ExecutionAlreadyExists", "Execution Already Exists: '%s'", execARN)
	}
	e := &execution{ARN: execARN, Name: name, Machine: arn, Input: in.Input, Start: c.Now}
	if f, ok := x.st.Failing[arn]; ok {
		e.Fail = &f
	}
	if x.st.Executions == nil {
		x.st.Executions = map[string][]*execution{}
	}
	x.st.Executions[arn] = append(x.st.Executions[arn], e)
	return map[string]any{"executionArn": execARN, "startDate": simcore.Epoch(c.Now)}, nil
}

// describe is an execution as DescribeExecution and ListExecutions show it.
func (e *execution) describe(c *call, full bool) map[string]any {
	m := map[string]any{"executionArn": e.ARN, "stateMachineArn": e.Machine, "name": e.Name, "status": "RUNNING", "startDate": simcore.Epoch(e.Start)}
	if end := e.Start.Add(runTime); !c.Now.Before(end) {
		m["stopDate"] = simcore.Epoch(end)
		m["status"] = "SUCCEEDED"
		if e.Fail != nil {
			m["status"] = "FAILED"
			if full {
				m["error"], m["cause"] = e.Fail.Error, e.Fail.Cause
			}
		}
	}
	if full {
		m["input"] = e.Input
	}
	return m
}

func (x *Service) describeExecution(c *call) (any, error) {
	var in struct {
		ExecutionArn string `json:"executionArn"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	for _, list := range x.st.Executions {
		for _, e := range list {
			if e.ARN == in.ExecutionArn && strings.Contains(e.ARN, ":"+c.Account+":") {
				return e.describe(c, true), nil
			}
		}
	}
	return nil, simcore.Errorf("ExecutionDoesNotExist", "Execution Does Not Exist: '%s'", in.ExecutionArn)
}

func (x *Service) listExecutions(c *call) (any, error) {
	var in struct {
		StateMachineArn string `json:"stateMachineArn"`
		StatusFilter    string `json:"statusFilter"`
		MaxResults      int    `json:"maxResults"`
		NextToken       string `json:"nextToken"`
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if arn, ok := x.machine(c.Account, c.Region, in.StateMachineArn); !ok || arn != in.StateMachineArn {
		return nil, simcore.Errorf("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", in.StateMachineArn)
	}
	var all []any
	list := x.st.Executions[in.StateMachineArn]
	for i := len(list) - 1; i >= 0; i-- { // newest first
		d := list[i].describe(c, false)
		if in.StatusFilter == "" || d["status"] == in.StatusFilter {
			all = append(all, d)
		}
	}
	size := in.MaxResults
	if size <= 0 || size > 1000 {
		size = 100
	}
	off, ok := simcore.PageOffset(in.NextToken)
	if !ok {
		return nil, simcore.Errorf("InvalidToken", "Invalid Token: '%s'", in.NextToken)
	}
	lo, hi, next := simcore.Page(len(all), off, size)
	out := map[string]any{"executions": append([]any{}, all[lo:hi]...)}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}
