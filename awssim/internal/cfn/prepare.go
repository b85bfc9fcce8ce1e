package cfn

import (
	"cmp"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"

	"flightplan/awsspec"
)

// cfnInput is what CreateStack, UpdateStack and CreateChangeSet ask for.
type cfnInput struct {
	Body      string
	Params    []cfntemplate.GivenParam
	Caps      []string
	Tags      []cfnTag
	OnFailure string
	// RoleARN is omitted when empty so that state files written before
	// it existed read and write back unchanged.
	RoleARN string `json:",omitempty"`
	// Import is ResourcesToImport, for an IMPORT change set.
	Import []cfnImport `json:",omitempty"`
	// Mode is DeploymentConfig.Mode: EXPRESS, or empty for STANDARD.
	Mode string `json:",omitempty"`
	// RevertDrift is DeploymentMode REVERT_DRIFT: a drift-aware change set.
	RevertDrift bool `json:",omitempty"`
}

// Template size limits of CloudFormation, in bytes.
const (
	maxTemplateBody = 51200
	maxTemplateURL  = 1048576
)

// readInput reads a stack operation's request; a TemplateURL is read from
// the simulated S3 as account may.
func (x *Service) readInput(account string, f url.Values, prev *cfnStack) (cfnInput, error) {
	in := cfnInput{Body: f.Get("TemplateBody"), Params: formParams(f), Caps: members(f, "Capabilities"),
		Tags: formTags(f), OnFailure: f.Get("OnFailure"), RoleARN: f.Get("RoleARN"), Import: formImports(f)}
	if err := readDeploymentConfig(f, &in); err != nil {
		return in, err
	}
	_, hasURL := f["TemplateURL"]
	if f.Get("UsePreviousTemplate") == "true" {
		if hasURL || in.Body != "" {
			return in, simcore.Errorf("ValidationError", "You cannot specify both usePreviousTemplate and Template Body/Template URL.")
		}
		if prev != nil {
			in.Body = prev.Cfg.Template
		}
	}
	body, err := x.templateBody(account, f)
	if err != nil {
		return in, err
	}
	if body != "" {
		in.Body = body
	}
	if in.Body == "" {
		return in, simcore.Errorf("ValidationError", "Either Template URL or Template Body must be specified.")
	}
	if _, ok := f["Tags.member.1.Key"]; !ok && prev != nil {
		in.Tags = prev.Cfg.Tags
	}
	if in.RoleARN == "" && prev != nil {
		in.RoleARN = prev.Cfg.RoleARN
	}
	return in, nil
}

// readDeploymentConfig reads DeploymentConfig (Mode, DisableRollback), the
// older DisableRollback, and DeploymentMode, refusing values AWS refuses.
// In express mode rollback is off unless the request turns it on (AWS's
// announcement of the mode: "rollback is disabled by default"), so an
// express operation that fails is left FAILED unless it was given
// DisableRollback false, or OnFailure.
func readDeploymentConfig(f url.Values, in *cfnInput) error {
	if f.Get("DisableRollback") == "true" || f.Get("DeploymentConfig.DisableRollback") == "true" {
		in.OnFailure = "DO_NOTHING"
	}
	switch mode := f.Get("DeploymentConfig.Mode"); mode {
	case "":
	case "STANDARD", "EXPRESS":
		in.Mode = mode
		_, rollbackGiven := f["DeploymentConfig.DisableRollback"]
		_, legacyGiven := f["DisableRollback"]
		if mode == "EXPRESS" && !rollbackGiven && !legacyGiven && in.OnFailure == "" {
			in.OnFailure = "DO_NOTHING"
		}
	default:
		return simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'deploymentConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", mode)
	}
	switch mode := f.Get("DeploymentMode"); mode {
	case "":
	case "REVERT_DRIFT":
		in.RevertDrift = true
	default:
		return simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'deploymentMode' failed to satisfy constraint: Member must satisfy enum value set: [REVERT_DRIFT]", mode)
	}
	return nil
}

// templateBody is the template a request passes, by TemplateBody or by
// TemplateURL (read from the simulated S3), within CloudFormation's size
// limits; "" when it passes neither.
func (x *Service) templateBody(account string, f url.Values) (string, error) {
	if body := f.Get("TemplateBody"); body != "" {
		if len(body) > maxTemplateBody {
			return "", simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to %d", elide(body), maxTemplateBody)
		}
		return body, nil
	}
	raw := f.Get("TemplateURL")
	if raw == "" {
		return "", nil
	}
	body, err := x.templateFromURL(account, raw)
	if err != nil {
		return "", err
	}
	if len(body) > maxTemplateURL {
		return "", simcore.Errorf("ValidationError", "Template may not exceed %d bytes in size.", maxTemplateURL)
	}
	return body, nil
}

// elide shortens a long value quoted in an error, as AWS does.
func elide(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:40] + "..."
}

var stackNameRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{0,127}$`) })

func checkStackName(name string) error {
	if !stackNameRE().MatchString(name) {
		return simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*", name)
	}
	return nil
}

func (st *cfnStack) env() cfntemplate.Env {
	return cfntemplate.Env{Account: st.Account, Region: st.Region, StackName: st.Name, StackID: st.ID}
}

// liveResources returns the stack's resources that exist.
func (st *cfnStack) liveResources() map[string]*Resource {
	out := map[string]*Resource{}
	for id, r := range st.Resources {
		if r.Status != "DELETE_COMPLETE" && r.Status != "DELETE_SKIPPED" {
			out[id] = r
		}
	}
	return out
}

// prepare turns a request into a plan: the template parsed and validated,
// parameters resolved, capabilities checked, resources evaluated, faults
// and provisioning errors attached. Errors are the call's errors.
func (x *Service) prepare(st *cfnStack, in cfnInput, kind string) (*cfnPlan, error) {
	t, err := cfntemplate.Parse(in.Body)
	if err != nil {
		return nil, err
	}
	params, err := cfntemplate.ResolveParams(t, in.Params, st.Cfg.Params)
	if err != nil {
		return nil, err
	}
	if err := checkCapabilities(t, in.Caps); err != nil {
		return nil, err
	}
	old := map[string]*Resource{}
	if kind == "UPDATE" || kind == "IMPORT" {
		old = st.liveResources()
		for id, r := range old {
			if r.Status == "CREATE_FAILED" {
				delete(old, id) // never made: a retry creates it
			}
		}
	}
	var imported map[string]*cfnRetained
	var missing error
	if kind == "IMPORT" {
		if err := checkImports(t, in.Import); err != nil {
			return nil, err
		}
		imported, missing = x.importTargets(st, in.Import)
	}
	d, err := x.evaluate(st.env(), t, params, old, &cfnDesired{imported: imported, caps: in.Caps, tags: in.Tags, mode: in.Mode})
	if err != nil {
		return nil, &cfnEvalError{err}
	}
	if err := checkTypesKept(old, d.Resources); err != nil {
		return nil, &cfnEvalError{err}
	}
	cfg := cfnConfig{Template: in.Body, Description: t.Description, Params: params, Outputs: d.Outputs,
		Capabilities: in.Caps, Tags: in.Tags, Imports: d.Imports, RoleARN: in.RoleARN}
	p := &cfnPlan{Kind: kind, Env: st.env(), Old: old, New: d.Resources, Order: d.Order, Cfg: cfg,
		OldCfg: st.Cfg, OnFailure: in.OnFailure, Express: in.Mode == "EXPRESS"}
	x.nestedDurations(p, d.nested)
	if in.RevertDrift && kind == "UPDATE" {
		p.revertDrift()
	}
	if kind == "IMPORT" {
		p.Faults = x.importFaults(st, p, in.Import)
		return p, cmp.Or(checkImportOnly(p, in.Import), missing)
	}
	p.Faults = x.forwardFailures(st, p)
	x.customFailures(st, p, d.AttrErrors)
	x.createFailures(st, p)
	p.StackFail = x.exportProblems(st, &cfg)
	return p, nil
}

// forwardFailures returns, for the resources the plan creates or changes,
// the reason each will fail: an injected fault, else the first problem the
// resource specification finds in its properties.
func (x *Service) forwardFailures(st *cfnStack, p *cfnPlan) map[string]string {
	out := map[string]string{}
	op := map[string]string{"add": "create", "modify": "update", "replace": "update"}
	for _, id := range p.Order {
		kind := "add"
		if p.Kind == "UPDATE" {
			kind = p.updateKind(id)
		}
		if kind == "" {
			continue
		}
		r := p.New[id]
		if reason := x.faultFor(st, r, op[kind]); reason != "" {
			out[id] = reason
		} else if probs := awsspec.Load().CheckResource(r.Type, r.Props); len(probs) > 0 {
			out[id] = probs[0].Message
		}
	}
	return out
}

// isEmpty reports whether an update plan changes nothing.
func (p *cfnPlan) isEmpty() bool {
	if len(p.Old) != len(p.New) {
		return false
	}
	for _, id := range p.Order {
		if p.updateKind(id) != "" || p.policyChanged(id) {
			return false
		}
	}
	a, b := p.OldCfg, p.Cfg
	return reflect.DeepEqual(a.Outputs, b.Outputs) && reflect.DeepEqual(a.Params, b.Params) &&
		reflect.DeepEqual(a.Tags, b.Tags) && a.Description == b.Description
}

// policyChanged reports whether an existing resource's DeletionPolicy
// changes. Such an update, alone, is one CloudFormation performs (it is
// the documented first step of moving a resource to another stack): the
// resource is untouched, the stack keeps the new policy.
func (p *cfnPlan) policyChanged(id string) bool {
	rec, old := p.New[id], p.Old[id]
	return rec != nil && old != nil && rec.DeletionPolicy != old.DeletionPolicy
}

var iamTypes = map[string]string{
	"AWS::IAM::Role": "RoleName", "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::User": "UserName",
	"AWS::IAM::Group": "GroupName", "AWS::IAM::InstanceProfile": "InstanceProfileName", "AWS::IAM::Policy": "",
	"AWS::IAM::AccessKey": "", "AWS::IAM::UserToGroupAddition": "",
}

// checkCapabilities refuses IAM resources without CAPABILITY_IAM, and
// named ones without CAPABILITY_NAMED_IAM, as CloudFormation does.
func checkCapabilities(t *cfntemplate.Template, caps []string) error {
	need := ""
	for _, d := range t.Resources {
		nameProp, ok := iamTypes[d.Type]
		if !ok {
			continue
		}
		if _, named := d.Props[nameProp]; named && nameProp != "" {
			need = "CAPABILITY_NAMED_IAM"
		} else if need == "" {
			need = "CAPABILITY_IAM"
		}
	}
	have := strings.Join(caps, " ")
	switch {
	case need == "", strings.Contains(have, "CAPABILITY_NAMED_IAM"):
		return nil
	case need == "CAPABILITY_IAM" && strings.Contains(have, "CAPABILITY_IAM"):
		return nil
	}
	return simcore.Errorf("InsufficientCapabilitiesException", "Requires capabilities : [%s]", need)
}

// cfnEvalError is a template that parsed but failed to evaluate (a missing
// export, a bad Fn::Select): a CreateStack error, but a FAILED change set.
// checkTypesKept refuses a template that gives a live resource's logical ID
// another type, as CloudFormation does: the resource must be renamed.
func checkTypesKept(old, desired map[string]*Resource) error {
	var ids []string
	for id, r := range desired {
		if o := old[id]; o != nil && o.Type != r.Type {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	return simcore.Errorf("ValidationError", "Update of resource type is not permitted. The new template modifies resource type of the following resources: [%s]", strings.Join(ids, ", "))
}

type cfnEvalError struct{ err error }

func (e *cfnEvalError) Error() string { return e.err.Error() }
func (e *cfnEvalError) Unwrap() error { return e.err }

// formParams reads Parameters.member.N.* from a Query form.
func formParams(f url.Values) []cfntemplate.GivenParam {
	var out []cfntemplate.GivenParam
	for i := 1; ; i++ {
		p := "Parameters.member." + strconv.Itoa(i) + "."
		key := f.Get(p + "ParameterKey")
		if key == "" {
			return out
		}
		out = append(out, cfntemplate.GivenParam{Key: key, Value: f.Get(p + "ParameterValue"),
			UsePrevious: f.Get(p+"UsePreviousValue") == "true"})
	}
}
