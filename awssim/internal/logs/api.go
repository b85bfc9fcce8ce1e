package logs

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// The CloudWatch Logs actions.

func (x *Service) createLogStream(c *call) (any, error) {
	var in struct{ LogGroupName, LogStreamName string }
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	g, err := x.group(c, in.LogGroupName)
	if err != nil {
		return nil, err
	}
	if in.LogStreamName == "" || len(in.LogStreamName) > 512 || strings.ContainsAny(in.LogStreamName, ":*") {
		return nil, simcore.Errorf("InvalidParameterException", "Log stream name must be 1 to 512 characters and may contain neither ':' nor '*'.")
	}
	if _, ok := g.Streams[in.LogStreamName]; ok {
		return nil, simcore.Errorf("ResourceAlreadyExistsException", "The specified log stream already exists")
	}
	g.Streams[in.LogStreamName] = &stream{Created: c.Now}
	return struct{}{}, nil
}

func (x *Service) putLogEvents(c *call) (any, error) {
	var in struct {
		LogGroupName, LogStreamName string
		LogEvents                   []struct {
			Timestamp int64
			Message   string
		}
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	g, err := x.group(c, in.LogGroupName)
	if err != nil {
		return nil, err
	}
	s := g.Streams[in.LogStreamName]
	if s == nil {
		return nil, simcore.Errorf("ResourceNotFoundException", "The specified log stream does not exist.")
	}
	if len(in.LogEvents) == 0 || len(in.LogEvents) > 10000 {
		return nil, simcore.Errorf("InvalidParameterException", "A batch holds 1 to 10,000 log events.")
	}
	ingested := c.Now.UnixMilli()
	for i, e := range in.LogEvents {
		if i > 0 && e.Timestamp < in.LogEvents[i-1].Timestamp {
			return nil, simcore.Errorf("InvalidParameterException", "Log events in a single PutLogEvents request must be in chronological order.")
		}
	}
	for _, e := range in.LogEvents {
		x.st.Seq++
		s.Events = append(s.Events, event{ID: eventID(x.st.Seq), Timestamp: e.Timestamp, Ingested: ingested, Message: e.Message})
	}
	return map[string]any{"nextSequenceToken": strconv.Itoa(x.st.Seq)}, nil
}

// eventID is a 56-digit event ID, increasing with each event put.
func eventID(seq int) string {
	s := strconv.Itoa(seq)
	return strings.Repeat("0", 56-len(s)) + s
}

func (x *Service) describeLogStreams(c *call) (any, error) {
	var in struct {
		LogGroupName, LogStreamNamePrefix string
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	g, err := x.group(c, in.LogGroupName)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, name := range slices.Sorted(maps.Keys(g.Streams)) {
		if !strings.HasPrefix(name, in.LogStreamNamePrefix) {
			continue
		}
		s := g.Streams[name]
		m := map[string]any{"logStreamName": name, "creationTime": s.Created.UnixMilli(),
			"arn": "arn:aws:logs:" + c.Region + ":" + c.Account + ":log-group:" + in.LogGroupName + ":log-stream:" + name}
		if seen := s.ingested(c.Now.UnixMilli()); len(seen) > 0 {
			m["firstEventTimestamp"], m["lastEventTimestamp"] = seen[0].Timestamp, seen[len(seen)-1].Timestamp
		}
		out = append(out, m)
	}
	return map[string]any{"logStreams": out}, nil
}

type filterInput struct {
	LogGroupName        string
	LogGroupIdentifier  string
	LogStreamNames      []string
	LogStreamNamePrefix string
	StartTime, EndTime  int64
	FilterPattern       string
	Limit               int
	NextToken           string
}

// found is one event with its stream.
type found struct {
	stream string
	event
}

func (x *Service) filterLogEvents(c *call) (any, error) {
	var in filterInput
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	name := in.LogGroupName
	if name == "" {
		name = in.LogGroupIdentifier[strings.LastIndex(in.LogGroupIdentifier, ":")+1:]
	}
	if len(in.LogStreamNames) > 0 && in.LogStreamNamePrefix != "" {
		return nil, simcore.Errorf("InvalidParameterException", "logStreamNames and logStreamNamePrefix are mutually exclusive")
	}
	limit := in.Limit
	if limit == 0 {
		limit = 10000
	}
	if limit < 1 || limit > 10000 {
		return nil, simcore.Errorf("InvalidParameterException", "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000")
	}
	g, err := x.group(c, name)
	if err != nil {
		return nil, err
	}
	match, err := compilePattern(in.FilterPattern)
	if err != nil {
		return nil, err
	}
	hits := in.matching(g, match, c.Now.UnixMilli())
	off := 0
	if in.NextToken != "" {
		n, ok := simcore.PageOffset(in.NextToken)
		if !ok || n > len(hits) {
			return nil, simcore.Errorf("InvalidParameterException", "The specified nextToken is invalid.")
		}
		off = n
	}
	lo, end, next := simcore.Page(len(hits), off, limit)
	events := []any{}
	for _, h := range hits[lo:end] {
		events = append(events, map[string]any{"logStreamName": h.stream, "timestamp": h.Timestamp, "ingestionTime": h.Ingested,
			"message": h.Message, "eventId": h.ID})
	}
	out := map[string]any{"events": events, "searchedLogStreams": []any{}}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

// matching lists the group's events that the input selects, by time then
// event ID: those ingested by now.
func (in filterInput) matching(g *group, match func(string) bool, now int64) []found {
	var hits []found
	for name, s := range g.Streams {
		if len(in.LogStreamNames) > 0 && !slices.Contains(in.LogStreamNames, name) || !strings.HasPrefix(name, in.LogStreamNamePrefix) {
			continue
		}
		for _, e := range s.Events {
			if e.Ingested > now {
				continue
			}
			if (in.StartTime == 0 || e.Timestamp >= in.StartTime) && (in.EndTime == 0 || e.Timestamp <= in.EndTime) && match(e.Message) {
				hits = append(hits, found{stream: name, event: e})
			}
		}
	}
	slices.SortFunc(hits, func(a, b found) int {
		if a.Timestamp != b.Timestamp {
			return int(a.Timestamp - b.Timestamp)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return hits
}

// ingested is the stream's events ingested by now (milliseconds).
func (s *stream) ingested(now int64) []event {
	var out []event
	for _, e := range s.Events {
		if e.Ingested <= now {
			out = append(out, e)
		}
	}
	return out
}
