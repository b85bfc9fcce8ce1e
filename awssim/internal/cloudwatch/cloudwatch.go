// Package cloudwatch simulates the alarms of Amazon CloudWatch over Smithy
// RPC v2 CBOR (what the Go SDK sends; signing name "monitoring") and the
// Query protocol (what older SDKs and the AWS CLI v1 send):
// DescribeAlarms and SetAlarmState. Its alarms are the
// AWS::CloudWatch::Alarm resources of the simulated stacks (the physical ID
// is the alarm's name); each is OK until SetAlarmState (or a test, through
// Sim.SetAlarmState) changes it. No metric is evaluated.
package cloudwatch

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// Stacks is what CloudWatch reads of CloudFormation.
type Stacks interface {
	// Settle and LiveResources are called with the lock held.
	Settle()
	LiveResources(account, region, typ string) []cfn.LiveResource
}

// Service is the simulated CloudWatch.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	st     *state
}

type state struct {
	// States are the alarms' states set since, by "account/region/name".
	States map[string]alarmState `json:"states,omitempty"`
}

type alarmState struct {
	Value  string    `json:"value"`
	Reason string    `json:"reason"`
	Since  time.Time `json:"since"`
}

// New returns CloudWatch over the stacks' alarms.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &state{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "CloudWatch" }

// Snapshot returns the service's state, or nil while it has none.
func (x *Service) Snapshot() any {
	if len(x.st.States) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error { return simcore.RestoreJSON(data, &x.st) }

const operationPath = "/operation/"

// API says how calls reach the service: RPC v2 CBOR, signing name
// "monitoring".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "monitoring", Protocol: simcore.ProtocolREST, ServeREST: x.serve, WriteError: writeError,
		RESTAction: action}
}

func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	if !strings.Contains(r.HTTP.URL.Path, operationPath) {
		x.serveQuery(w, r)
		return
	}
	in := cbor.Map{}
	if len(r.Body) > 0 {
		v, err := cbor.Decode(r.Body)
		m, ok := v.(cbor.Map)
		if err != nil || !ok {
			writeError(w, &simcore.APIError{Code: "SerializationException", Message: "the body is not a CBOR map", Status: 400, Sender: true})
			return
		}
		in = m
	}
	out, err := x.handle(r, in)
	if err != nil {
		e, ok := err.(*simcore.APIError)
		if !ok {
			e = &simcore.APIError{Code: "InternalFailure", Message: err.Error(), Status: 500}
		}
		writeError(w, e)
		return
	}
	writeCBOR(w, http.StatusOK, out)
}

func (x *Service) handle(r *simcore.Request, in cbor.Map) (cbor.Map, error) {
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	now := x.core.Now().UTC()
	switch r.Action {
	case "DescribeAlarms":
		return x.describeAlarms(r, in, now)
	case "SetAlarmState":
		name, value, reason := str(in["AlarmName"]), str(in["StateValue"]), str(in["StateReason"])
		if err := x.setState(r.Account, r.Region, name, value, reason, now); err != nil {
			return nil, err
		}
		x.core.Persist()
		return cbor.Map{}, nil
	}
	return nil, simcore.Errorf("UnknownOperationException", "the simulator's CloudWatch serves DescribeAlarms and SetAlarmState, not %s", r.Action)
}

// describeAlarms lists the metric alarms by name, name prefix and state,
// in name order, 50 a page (MaxRecords up to 100).
func (x *Service) describeAlarms(r *simcore.Request, in cbor.Map, now time.Time) (cbor.Map, error) {
	names := strs(in["AlarmNames"])
	prefix, stateValue := str(in["AlarmNamePrefix"]), str(in["StateValue"])
	if len(names) > 0 && prefix != "" {
		return nil, simcore.Errorf("InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be used together.")
	}
	size := 50
	if n, ok := in["MaxRecords"].(cbor.Uint); ok {
		size = int(n)
	}
	if size < 1 || size > 100 {
		return nil, simcore.Errorf("InvalidParameterValue", "MaxRecords must be between 1 and 100.")
	}
	var all []cbor.Value
	for _, res := range x.alarms(r.Account, r.Region) {
		name := res.PhysicalID
		if len(names) > 0 && !slices.Contains(names, name) || !strings.HasPrefix(name, prefix) {
			continue
		}
		st := x.state(r.Account, r.Region, res)
		if stateValue != "" && st.Value != stateValue {
			continue
		}
		all = append(all, metricAlarm(r, res, st))
	}
	off, ok := simcore.PageOffset(str(in["NextToken"]))
	if !ok {
		return nil, simcore.Errorf("InvalidNextToken", "The next token is invalid.")
	}
	lo, hi, next := simcore.Page(len(all), off, size)
	out := cbor.Map{"MetricAlarms": cbor.List(append([]cbor.Value{}, all[lo:hi]...)), "CompositeAlarms": cbor.List{}}
	if next != "" {
		out["NextToken"] = cbor.String(next)
	}
	return out, nil
}

// alarms are the live alarms of an account and region, by name.
func (x *Service) alarms(account, region string) []cfn.LiveResource {
	list := x.stacks.LiveResources(account, region, "AWS::CloudWatch::Alarm")
	slices.SortFunc(list, func(a, b cfn.LiveResource) int { return strings.Compare(a.PhysicalID, b.PhysicalID) })
	return list
}

// state is an alarm's state: the one set last, or OK since it was made.
func (x *Service) state(account, region string, res cfn.LiveResource) alarmState {
	if st, ok := x.st.States[account+"/"+region+"/"+res.PhysicalID]; ok {
		return st
	}
	since, _ := time.Parse(time.RFC3339, res.Updated)
	return alarmState{Value: "OK", Reason: "Unchecked: Initial alarm creation", Since: since}
}

// SetAlarmState sets an alarm's state (OK, ALARM, INSUFFICIENT_DATA) and
// its reason, as CloudWatch's SetAlarmState does, until it is set again.
func (x *Service) SetAlarmState(account, region, name, value, reason string) error {
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	if err := x.setState(account, region, name, value, reason, x.core.Now().UTC()); err != nil {
		return err
	}
	x.core.Persist()
	return nil
}

func (x *Service) setState(account, region, name, value, reason string, now time.Time) error {
	if value != "OK" && value != "ALARM" && value != "INSUFFICIENT_DATA" {
		return simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]", value)
	}
	if reason == "" {
		return simcore.Errorf("ValidationError", "1 validation error detected: Value null at 'stateReason' failed to satisfy constraint: Member must not be null")
	}
	if !slices.ContainsFunc(x.alarms(account, region), func(r cfn.LiveResource) bool { return r.PhysicalID == name }) {
		return &simcore.APIError{Code: "ResourceNotFound", Message: "Alarm " + name + " not found", Status: 404, Sender: true}
	}
	if x.st.States == nil {
		x.st.States = map[string]alarmState{}
	}
	x.st.States[account+"/"+region+"/"+name] = alarmState{Value: value, Reason: reason, Since: now}
	return nil
}
