package cfn

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/simcore"
)

// cfnXMLNS is the namespace of CloudFormation's Query responses.
const cfnXMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

// Service is the simulated CloudFormation. Its state is guarded by the
// core's lock; every handler holds it for the whole call.
type Service struct {
	core      *simcore.Core
	st        *cfnState
	providers []Provider
	objects   ObjectReader
	// opStart, when set, is when an operation started by a nested stack's
	// step begins, in place of now.
	opStart time.Time
	// touched are the stacks a call reached since the state was last cut
	// (simcore.Tracker): the others are written as they were.
	touched map[*cfnStack]struct{}
}

// New returns a CloudFormation with no stacks on core.
func New(core *simcore.Core) *Service {
	return &Service{core: core, st: &cfnState{}, touched: map[*cfnStack]struct{}{}}
}

// touch marks st as reached by the call, which may change it.
func (x *Service) touch(st *cfnStack) *cfnStack {
	if st != nil {
		x.touched[st] = struct{}{}
	}
	return st
}

// Unchanged tells the simulator's core which stacks a call may have
// changed: a stack no call reached since the last cut is as it was.
func (x *Service) Unchanged(p any) (tracked, unchanged bool) {
	st, ok := p.(*cfnStack)
	if !ok {
		return false, false
	}
	_, touched := x.touched[st]
	return true, !touched
}

// Cut forgets which stacks were reached: the state was cut.
func (x *Service) Cut() { clear(x.touched) }

// AddProvider makes p take part in stack operations: see Provider.
func (x *Service) AddProvider(p Provider) { x.providers = append(x.providers, p) }

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "CloudFormation" }

type cfnHandler func(x *Service, r *simcore.Request) (any, error)

var cfnActions = map[string]cfnHandler{
	"CreateStack":                       (*Service).createStack,
	"UpdateStack":                       (*Service).updateStack,
	"DeleteStack":                       (*Service).deleteStack,
	"DescribeStacks":                    (*Service).describeStacks,
	"ListStacks":                        (*Service).listStacks,
	"GetTemplate":                       (*Service).getTemplate,
	"ValidateTemplate":                  (*Service).validateTemplate,
	"GetTemplateSummary":                (*Service).getTemplateSummary,
	"DescribeStackEvents":               (*Service).describeStackEvents,
	"DescribeStackResource":             (*Service).describeStackResource,
	"DescribeStackResources":            (*Service).describeStackResources,
	"ListStackResources":                (*Service).listStackResources,
	"CreateChangeSet":                   (*Service).createChangeSet,
	"DescribeChangeSet":                 (*Service).describeChangeSet,
	"ExecuteChangeSet":                  (*Service).executeChangeSet,
	"DeleteChangeSet":                   (*Service).deleteChangeSet,
	"ListChangeSets":                    (*Service).listChangeSets,
	"CancelUpdateStack":                 (*Service).cancelUpdateStack,
	"ContinueUpdateRollback":            (*Service).continueUpdateRollback,
	"ListExports":                       (*Service).listExports,
	"ListImports":                       (*Service).listImports,
	"DetectStackDrift":                  (*Service).detectStackDrift,
	"DescribeStackDriftDetectionStatus": (*Service).describeStackDriftDetectionStatus,
	"DescribeStackResourceDrifts":       (*Service).describeStackResourceDrifts,
	"CreateStackSet":                    (*Service).createStackSet,
	"DescribeStackSet":                  (*Service).describeStackSet,
	"ListStackSets":                     (*Service).listStackSets,
	"UpdateStackSet":                    (*Service).updateStackSet,
	"DeleteStackSet":                    (*Service).deleteStackSet,
	"CreateStackInstances":              (*Service).createStackInstances,
	"DeleteStackInstances":              (*Service).deleteStackInstances,
	"ListStackInstances":                (*Service).listStackInstances,
	"DescribeStackInstance":             (*Service).describeStackInstance,
	"DescribeStackSetOperation":         (*Service).describeStackSetOperation,
	"ListStackSetOperations":            (*Service).listStackSetOperations,
}

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "cloudformation", Protocol: simcore.ProtocolQuery, XMLNS: cfnXMLNS, Handle: x.handle}
}

// handle serves one call atomically: it brings every stack up to the
// clock, then runs the action.
func (x *Service) handle(r *simcore.Request) (any, error) {
	h, ok := cfnActions[r.Action]
	if !ok {
		return nil, simcore.Errorf("InvalidAction", "The action %s is not valid for this web service.", r.Action)
	}
	x.core.Lock()
	defer x.core.Unlock()
	x.Settle()
	return h(x, r)
}

func (x *Service) now() time.Time { return x.core.Now() }

// changed is called with the lock held after every mutation: it writes the
// state file, if there is one.
func (x *Service) changed() { x.core.Persist() }

// stackNotFound is the error for a stack that does not exist.
func stackNotFound(name string) *simcore.APIError {
	return simcore.Errorf("ValidationError", "Stack with id %s does not exist", name)
}

// findStack returns the live stack named name, or the stack (live or
// deleted) whose ID is name.
func (x *Service) findStack(account, region, name string) *cfnStack {
	for i := len(x.st.Stacks) - 1; i >= 0; i-- {
		st := x.st.Stacks[i]
		if st.Account != account || st.Region != region {
			continue
		}
		if st.ID == name || (st.Name == name && st.Status != "DELETE_COMPLETE") {
			return x.touch(st)
		}
	}
	return nil
}

func (x *Service) mustStack(r *simcore.Request, key string) (*cfnStack, error) {
	name := r.Form.Get(key)
	if name == "" {
		return nil, simcore.Errorf("ValidationError", "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", lowerFirst(key))
	}
	st := x.findStack(r.Account, r.Region, name)
	if st == nil {
		return nil, stackNotFound(name)
	}
	return st, nil
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// members reads a Query list: key.member.1, key.member.2, ...
func members(f url.Values, key string) []string {
	var out []string
	for i := 1; ; i++ {
		v, ok := f[key+".member."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, v[0])
	}
}

func formTags(f url.Values) []cfnTag {
	var out []cfnTag
	for i := 1; ; i++ {
		p := "Tags.member." + strconv.Itoa(i) + "."
		if _, ok := f[p+"Key"]; !ok {
			return out
		}
		out = append(out, cfnTag{Key: f.Get(p + "Key"), Value: f.Get(p + "Value")})
	}
}

// nextID returns a new deterministic UUID for a stack or change set.
func (x *Service) nextID(kind string) string {
	x.st.Seq++
	return simcore.UUID(kind + strconv.Itoa(x.st.Seq))
}

// liveStacks returns the stacks of an account and region that are not
// deleted, by name.
func (x *Service) liveStacks(account, region string) []*cfnStack {
	var out []*cfnStack
	for _, st := range x.st.Stacks {
		if st.Account == account && st.Region == region && st.Status != "DELETE_COMPLETE" {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// inProgress reports whether a stack status is an operation in progress.
func inProgress(status string) bool {
	return strings.HasSuffix(status, "_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS"
}

// pageOffset decodes a NextToken; an empty token is offset 0.
func pageOffset(tok string) (int, error) {
	n, ok := simcore.PageOffset(tok)
	if !ok {
		return 0, simcore.Errorf("ValidationError", "Invalid NextToken")
	}
	return n, nil
}
