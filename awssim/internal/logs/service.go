// Package logs simulates the parts of CloudWatch Logs that a container's
// log driver and `flightplan logs` use: CreateLogStream, PutLogEvents,
// DescribeLogStreams and FilterLogEvents. Its log groups are the
// AWS::Logs::LogGroup resources of the simulated stacks; the events are
// what callers put (the awslogs driver of a real task does the same).
package logs

import (
	"encoding/json"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// Stacks is what CloudWatch Logs reads of CloudFormation.
type Stacks interface {
	// Settle and LiveResources are called with the lock held.
	Settle()
	LiveResources(account, region, typ string) []cfn.LiveResource
}

// Service is the simulated CloudWatch Logs.
type Service struct {
	core   *simcore.Core
	stacks Stacks
	st     *state
}

// state holds the streams, by "account/region/group".
type state struct {
	Groups map[string]*group `json:"groups,omitempty"`
	Seq    int               `json:"seq,omitempty"`
}

type group struct {
	Streams map[string]*stream `json:"streams,omitempty"`
}

type stream struct {
	Created time.Time `json:"created"`
	Events  []event   `json:"events,omitempty"`
}

type event struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"ts"` // milliseconds since the epoch
	Ingested  int64  `json:"in"`
	Message   string `json:"msg"`
}

// New returns CloudWatch Logs over the stacks' log groups.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &state{}}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "Logs" }

// Snapshot returns the service's state, or nil while it has none (a state
// file written before the service existed stays byte for byte the same).
func (x *Service) Snapshot() any {
	if len(x.st.Groups) == 0 {
		return nil
	}
	return x.st
}

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error { return simcore.RestoreJSON(data, &x.st) }

// API says how calls reach the service: AWS JSON 1.1 (target prefix
// Logs_20140328), signing name "logs".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "logs", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

var actions = map[string]simcore.Action[*Service]{
	"CreateLogStream":    {Serve: (*Service).createLogStream, Mutates: true},
	"PutLogEvents":       {Serve: (*Service).putLogEvents, Mutates: true},
	"DescribeLogStreams": {Serve: (*Service).describeLogStreams, Mutates: false},
	"FilterLogEvents":    {Serve: (*Service).filterLogEvents, Mutates: false},
}

// call is one call and the time it is served at.
type call = simcore.Call

func (x *Service) handle(r *simcore.Request) (any, error) {
	return simcore.ServeAction(x.core, "CloudWatch Logs", x, actions, x.stacks.Settle, r)
}

// group returns the log group a call names, with its streams; the group
// must be a live stack resource.
func (x *Service) group(c *call, name string) (*group, error) {
	if name == "" {
		return nil, simcore.Errorf("InvalidParameterException", "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null")
	}
	for _, res := range x.stacks.LiveResources(c.Account, c.Region, "AWS::Logs::LogGroup") {
		if res.PhysicalID == name {
			key := c.Account + "/" + c.Region + "/" + name
			if x.st.Groups == nil {
				x.st.Groups = map[string]*group{}
			}
			g := x.st.Groups[key]
			if g == nil {
				g = &group{Streams: map[string]*stream{}}
				x.st.Groups[key] = g
			}
			return g, nil
		}
	}
	return nil, simcore.Errorf("ResourceNotFoundException", "The specified log group does not exist.")
}

// Line is one event a task's log driver writes.
type Line struct {
	At      time.Time
	Message string
}

// Write puts the lines a task's container writes into a stream of a log
// group (made when missing), each ingested at its own time: FilterLogEvents
// shows an event once the clock reaches it, as a running task's output
// appears line by line. The group must be a live stack resource. The caller
// holds the lock.
func (x *Service) Write(account, region, groupName, streamName string, created time.Time, lines []Line) error {
	g, err := x.group(&call{Request: &simcore.Request{Account: account, Region: region}}, groupName)
	if err != nil {
		return err
	}
	s := g.Streams[streamName]
	if s == nil {
		s = &stream{Created: created}
		g.Streams[streamName] = s
	}
	for _, l := range lines {
		x.st.Seq++
		ms := l.At.UnixMilli()
		s.Events = append(s.Events, event{ID: eventID(x.st.Seq), Timestamp: ms, Ingested: ms, Message: l.Message})
	}
	return nil
}
