// Package ssm simulates SSM Parameter Store over AWS JSON 1.1 (X-Amz-Target
// AmazonSSM.Action), signing name ssm: parameters with their versions,
// tags, paths, filters and pages, one store per account and region, with
// SSM's validation rules and messages.
package ssm

import (
	"encoding/json"
	"strings"
	"time"

	"flightplan/awssim/internal/simcore"
)

// Service simulates SSM Parameter Store, one store per account and
// region. Its state is guarded by the core's lock.
type Service struct {
	core     *simcore.Core
	identity Identity
	// stores holds the parameters by "account/region", then by name.
	stores map[string]map[string]*parameter
}

// parameter is one SSM parameter: its latest version, its tags and its
// earlier versions. Its fields are exported for the state file; a state
// file written before history was kept has no History and no Labels, and
// reads as parameters with one version.
type parameter struct {
	paramVersion
	Tags []tag `json:",omitempty"`
	// History holds the earlier versions, oldest first; with the latest,
	// at most maxVersions.
	History []paramVersion `json:",omitempty"`
}

// paramVersion is one version of a parameter, with its labels.
type paramVersion struct {
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
	Labels         []string `json:",omitempty"`
}

// tag is a tag as SSM's JSON carries it.
type tag struct {
	Key   string
	Value string
}

// call is one SSM call with the store of its account and region.
type call struct {
	*simcore.Request
	params map[string]*parameter
	now    time.Time
	user   string // the caller's ARN, recorded as LastModifiedUser
}

type handler struct {
	serve   func(x *Service, c *call) (any, error)
	mutates bool
}

var handlers = map[string]handler{
	"PutParameter":            {(*Service).putParameter, true},
	"GetParameter":            {(*Service).getParameter, false},
	"GetParameters":           {(*Service).getParameters, false},
	"GetParametersByPath":     {(*Service).getParametersByPath, false},
	"DeleteParameter":         {(*Service).deleteParameter, true},
	"DeleteParameters":        {(*Service).deleteParameters, true},
	"DescribeParameters":      {(*Service).describeParameters, false},
	"AddTagsToResource":       {(*Service).addTags, true},
	"RemoveTagsFromResource":  {(*Service).removeTags, true},
	"ListTagsForResource":     {(*Service).listTags, false},
	"GetParameterHistory":     {(*Service).getParameterHistory, false},
	"LabelParameterVersion":   {(*Service).labelParameterVersion, true},
	"UnlabelParameterVersion": {(*Service).unlabelParameterVersion, true},
}

// Identity names the caller of a request, as STS knows it: the assumed
// role of a session token, or the account's user.
type Identity interface {
	// CallerARN is the caller's ARN. Called with the lock held.
	CallerARN(r *simcore.Request) string
}

// New returns an empty Parameter Store on core; identity names the
// callers, for each parameter's LastModifiedUser.
func New(core *simcore.Core, identity Identity) *Service {
	return &Service{core: core, identity: identity, stores: map[string]map[string]*parameter{}}
}

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "ssm", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

// handle runs one action atomically under the core's lock and persists the state
// after a successful change.
func (x *Service) handle(r *simcore.Request) (any, error) {
	h, ok := handlers[r.Action]
	if !ok {
		return nil, simcore.Errorf("UnknownOperationException", "")
	}
	x.core.Lock()
	defer x.core.Unlock()
	c := &call{Request: r, params: x.store(r.Account, r.Region), now: x.core.Now().UTC(),
		user: x.identity.CallerARN(r)}
	out, err := h.serve(x, c)
	if err == nil && h.mutates {
		x.core.Persist()
	}
	return out, err
}

// store returns the parameters of one account and region, creating the map.
func (x *Service) store(account, region string) map[string]*parameter {
	key := account + "/" + region
	m := x.stores[key]
	if m == nil {
		m = map[string]*parameter{}
		x.stores[key] = m
	}
	return m
}

// decode unmarshals the JSON body of c into in.
func (c *call) decode(in any) error {
	if len(c.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, in); err != nil {
		return simcore.Errorf("SerializationException", "%s", err.Error())
	}
	return nil
}

// arn returns the ARN of the parameter name in c's account and region.
func (c *call) arn(name string) string {
	return "arn:aws:ssm:" + c.Region + ":" + c.Account + ":parameter/" + strings.TrimPrefix(name, "/")
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "SSM" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *Service) Snapshot() any { return x.stores }

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	var st map[string]map[string]*parameter
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.stores = st
	return nil
}
