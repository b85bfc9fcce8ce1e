package awssim

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cfnXMLNS is the namespace of CloudFormation's Query responses.
const cfnXMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

// cfnService is the simulated CloudFormation. Its state is guarded by
// Sim.mu; every handler holds it for the whole call.
type cfnService struct {
	sim *Sim
	st  *cfnState
}

func newCFN(s *Sim) *cfnService { return &cfnService{sim: s, st: &cfnState{}} }

type cfnHandler func(x *cfnService, r *Request) (any, error)

var cfnActions = map[string]cfnHandler{
	"CreateStack":                       (*cfnService).createStack,
	"UpdateStack":                       (*cfnService).updateStack,
	"DeleteStack":                       (*cfnService).deleteStack,
	"DescribeStacks":                    (*cfnService).describeStacks,
	"ListStacks":                        (*cfnService).listStacks,
	"GetTemplate":                       (*cfnService).getTemplate,
	"ValidateTemplate":                  (*cfnService).validateTemplate,
	"DescribeStackEvents":               (*cfnService).describeStackEvents,
	"DescribeStackResource":             (*cfnService).describeStackResource,
	"DescribeStackResources":            (*cfnService).describeStackResources,
	"ListStackResources":                (*cfnService).listStackResources,
	"CreateChangeSet":                   (*cfnService).createChangeSet,
	"DescribeChangeSet":                 (*cfnService).describeChangeSet,
	"ExecuteChangeSet":                  (*cfnService).executeChangeSet,
	"DeleteChangeSet":                   (*cfnService).deleteChangeSet,
	"ListChangeSets":                    (*cfnService).listChangeSets,
	"CancelUpdateStack":                 (*cfnService).cancelUpdateStack,
	"ContinueUpdateRollback":            (*cfnService).continueUpdateRollback,
	"ListExports":                       (*cfnService).listExports,
	"ListImports":                       (*cfnService).listImports,
	"DetectStackDrift":                  (*cfnService).detectStackDrift,
	"DescribeStackDriftDetectionStatus": (*cfnService).describeStackDriftDetectionStatus,
	"DescribeStackResourceDrifts":       (*cfnService).describeStackResourceDrifts,
}

// API says how calls reach the service.
func (x *cfnService) API() Service {
	return Service{Name: "cloudformation", Protocol: ProtocolQuery, XMLNS: cfnXMLNS, Handle: x.handle}
}

// handle serves one call atomically: it brings every stack up to the
// clock, then runs the action.
func (x *cfnService) handle(r *Request) (any, error) {
	h, ok := cfnActions[r.Action]
	if !ok {
		return nil, Errorf("InvalidAction", "The action %s is not valid for this web service.", r.Action)
	}
	x.sim.core.Lock()
	defer x.sim.core.Unlock()
	x.settle()
	return h(x, r)
}

func (x *cfnService) now() time.Time { return x.sim.core.Now() }

// changed is called with Sim.mu held after every mutation: it writes the
// state file, if there is one.
func (x *cfnService) changed() { x.sim.core.Persist() }

// notFound is the error for a stack that does not exist.
func notFound(name string) *APIError {
	return Errorf("ValidationError", "Stack with id %s does not exist", name)
}

// findStack returns the live stack named name, or the stack (live or
// deleted) whose ID is name.
func (x *cfnService) findStack(account, region, name string) *cfnStack {
	for i := len(x.st.Stacks) - 1; i >= 0; i-- {
		st := x.st.Stacks[i]
		if st.Account != account || st.Region != region {
			continue
		}
		if st.ID == name || (st.Name == name && st.Status != "DELETE_COMPLETE") {
			return st
		}
	}
	return nil
}

func (x *cfnService) mustStack(r *Request, key string) (*cfnStack, error) {
	name := r.Form.Get(key)
	if name == "" {
		return nil, Errorf("ValidationError", "1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", lowerFirst(key))
	}
	st := x.findStack(r.Account, r.Region, name)
	if st == nil {
		return nil, notFound(name)
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
func (x *cfnService) nextID(kind string) string {
	x.st.Seq++
	return uuidOf(kind + strconv.Itoa(x.st.Seq))
}

// liveStacks returns the stacks of an account and region that are not
// deleted, by name.
func (x *cfnService) liveStacks(account, region string) []*cfnStack {
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

// pageToken encodes an offset into a list as a NextToken.
func pageToken(offset int) string { return "token-" + strconv.Itoa(offset) }

// pageOffset decodes a NextToken; an empty token is offset 0.
func pageOffset(tok string) (int, error) {
	if tok == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimPrefix(tok, "token-"))
	if err != nil || n < 0 || !strings.HasPrefix(tok, "token-") {
		return 0, Errorf("ValidationError", "Invalid NextToken")
	}
	return n, nil
}

// page returns the bounds of one page of n items and the next token.
func page(n, offset, size int) (lo, hi int, next string) {
	lo, hi = min(offset, n), min(offset+size, n)
	if hi < n {
		next = pageToken(hi)
	}
	return lo, hi, next
}

// StateKey names the service's member of the state file.
func (x *cfnService) StateKey() string { return "CloudFormation" }
