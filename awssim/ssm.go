package awssim

import (
	"encoding/json"
	"strings"
	"time"
)

// ssmService simulates SSM Parameter Store, one store per account and
// region. Its state is guarded by Sim.mu.
type ssmService struct {
	sim *Sim
	// stores holds the parameters by "account/region", then by name.
	stores map[string]map[string]*parameter
}

// parameter is one SSM parameter at its latest version. Its fields are
// exported for the state file.
type parameter struct {
	Name           string
	Type           string
	Value          string
	Version        int64
	DataType       string
	Description    string `json:",omitempty"`
	AllowedPattern string `json:",omitempty"`
	KeyID          string `json:",omitempty"`
	Tier           string
	LastModified   time.Time
	LastModifiedBy string
	Tags           []ssmTag `json:",omitempty"`
}

// ssmTag is a tag as SSM's JSON carries it.
type ssmTag struct {
	Key   string
	Value string
}

// ssmCall is one SSM call with the store of its account and region.
type ssmCall struct {
	*Request
	params map[string]*parameter
	now    time.Time
	user   string // the caller's ARN, recorded as LastModifiedUser
}

type ssmHandler struct {
	serve   func(x *ssmService, c *ssmCall) (any, error)
	mutates bool
}

var ssmHandlers = map[string]ssmHandler{
	"PutParameter":           {(*ssmService).putParameter, true},
	"GetParameter":           {(*ssmService).getParameter, false},
	"GetParameters":          {(*ssmService).getParameters, false},
	"GetParametersByPath":    {(*ssmService).getParametersByPath, false},
	"DeleteParameter":        {(*ssmService).deleteParameter, true},
	"DeleteParameters":       {(*ssmService).deleteParameters, true},
	"DescribeParameters":     {(*ssmService).describeParameters, false},
	"AddTagsToResource":      {(*ssmService).addTags, true},
	"RemoveTagsFromResource": {(*ssmService).removeTags, true},
	"ListTagsForResource":    {(*ssmService).listTags, false},
}

func newSSM(s *Sim) *ssmService {
	return &ssmService{sim: s, stores: map[string]map[string]*parameter{}}
}

// API says how calls reach the service.
func (x *ssmService) API() Service {
	return Service{Name: "ssm", Protocol: ProtocolJSON, Handle: x.handle}
}

// handle runs one action atomically under Sim.mu and persists the state
// after a successful change.
func (x *ssmService) handle(r *Request) (any, error) {
	h, ok := ssmHandlers[r.Action]
	if !ok {
		return nil, Errorf("UnknownOperationException", "")
	}
	x.sim.core.Lock()
	defer x.sim.core.Unlock()
	c := &ssmCall{Request: r, params: x.store(r.Account, r.Region), now: x.sim.core.Now().UTC(),
		user: x.sim.sts.callerARN(r)}
	out, err := h.serve(x, c)
	if err == nil && h.mutates {
		x.sim.core.Persist()
	}
	return out, err
}

// store returns the parameters of one account and region, creating the map.
func (x *ssmService) store(account, region string) map[string]*parameter {
	key := account + "/" + region
	m := x.stores[key]
	if m == nil {
		m = map[string]*parameter{}
		x.stores[key] = m
	}
	return m
}

// decode unmarshals the JSON body of c into in.
func (c *ssmCall) decode(in any) error {
	if len(c.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, in); err != nil {
		return Errorf("SerializationException", "%s", err.Error())
	}
	return nil
}

// arn returns the ARN of the parameter name in c's account and region.
func (c *ssmCall) arn(name string) string {
	return "arn:aws:ssm:" + c.Region + ":" + c.Account + ":parameter/" + strings.TrimPrefix(name, "/")
}

// StateKey names the service's member of the state file.
func (x *ssmService) StateKey() string { return "SSM" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *ssmService) Snapshot() any { return x.stores }

// Restore reads back what Snapshot returned.
func (x *ssmService) Restore(data json.RawMessage) error {
	var st map[string]map[string]*parameter
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.stores = st
	return nil
}
