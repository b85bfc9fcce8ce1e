// Package elbv2 simulates the read side of Elastic Load Balancing v2 over
// the Query protocol, signing name elasticloadbalancing: DescribeLoadBalancers
// (by ARN or name), DescribeListeners (by load balancer or listener
// ARN) and DescribeRules, over the AWS::ElasticLoadBalancingV2 resources of
// live stacks, as flightplan reads a load balancer a service imports
// (http.alb); and DescribeTargetHealth, whose targets are the tasks ECS
// services register. It has no
// state of its own; creating load balancers is CloudFormation's business.
package elbv2

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// Stacks is what the service reads of CloudFormation, with the lock held.
type Stacks interface {
	Settle()
	EachResource(f func(st cfn.StackRef, r *cfn.Resource))
}

// Service is the simulated Elastic Load Balancing v2 API.
type Service struct {
	core    *simcore.Core
	stacks  Stacks
	targets Targets
}

// Target is one registered target and its health.
type Target struct {
	ID                         string
	Port                       int
	State, Reason, Description string
}

// Targets says which targets a target group has: the tasks ECS services
// register in it. It is called with the lock held.
type Targets interface {
	Targets(account, region, targetGroup string) []Target
}

// New returns the API over stacks, with the targets ECS registers.
func New(core *simcore.Core, stacks Stacks, targets Targets) *Service {
	return &Service{core: core, stacks: stacks, targets: targets}
}

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "elasticloadbalancing", Protocol: simcore.ProtocolQuery,
		XMLNS: "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", Handle: x.handle}
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "ElasticLoadBalancingV2" }

// Snapshot returns nil: the service only reads CloudFormation's state.
func (x *Service) Snapshot() any { return nil }

// Restore reads nothing.
func (x *Service) Restore(json.RawMessage) error { return nil }

func (x *Service) handle(r *simcore.Request) (any, error) {
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	switch r.Action {
	case "DescribeLoadBalancers":
		return x.describeLoadBalancers(r)
	case "DescribeListeners":
		return x.describeListeners(r)
	case "DescribeRules":
		return x.describeRules(r)
	case "DescribeTargetHealth":
		return x.describeTargetHealth(r)
	}
	return nil, simcore.Errorf("InvalidAction", "the simulator's Elastic Load Balancing serves DescribeLoadBalancers, DescribeListeners, DescribeRules and DescribeTargetHealth only, not %s", r.Action)
}

// resource is a live stack resource with its stack.
type resource struct {
	st cfn.StackRef
	r  *cfn.Resource
}

// resources are the account and region's live resources of type typ.
func (x *Service) resources(r *simcore.Request, typ string) []resource {
	var out []resource
	x.stacks.EachResource(func(st cfn.StackRef, res *cfn.Resource) {
		if st.Account == r.Account && st.Region == r.Region && res.Type == typ && exists(res) {
			out = append(out, resource{st, res})
		}
	})
	return out
}

// exists reports whether a stack's resource exists in AWS.
func exists(r *cfn.Resource) bool {
	switch r.Status {
	case "CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_COMPLETE", "":
		return false
	}
	return r.PhysicalID != ""
}

// members reads a Query list parameter (Names.member.1, …).
func members(r *simcore.Request, name string) []string {
	var out []string
	for i := 1; ; i++ {
		v := r.Form.Get(name + ".member." + strconv.Itoa(i))
		if v == "" {
			return out
		}
		out = append(out, v)
	}
}

func attr(res resource, name string) string {
	env := cfntemplate.Env{Account: res.st.Account, Region: res.st.Region, StackName: res.st.Name, StackID: res.st.ID}
	v, _ := env.Attribute(cfntemplate.Planned{Type: res.r.Type, PhysicalID: res.r.PhysicalID, Props: res.r.Props}, name)
	return cfntemplate.String(v)
}

type xmlLoadBalancer struct {
	LoadBalancerArn       string
	LoadBalancerName      string
	DNSName               string
	CanonicalHostedZoneId string
	Scheme                string
	Type                  string
	VpcId                 string
	SecurityGroups        []string `xml:"SecurityGroups>member"`
	State                 struct {
		Code string
	}
}

type describeLoadBalancersResult struct {
	XMLName       xml.Name          `xml:"DescribeLoadBalancersResult"`
	LoadBalancers []xmlLoadBalancer `xml:"LoadBalancers>member"`
}

// describeLoadBalancers answers by ARN or name; one that matches nothing
// is LoadBalancerNotFound, as AWS answers.
func (x *Service) describeLoadBalancers(r *simcore.Request) (any, error) {
	arns, names := members(r, "LoadBalancerArns"), members(r, "Names")
	out := describeLoadBalancersResult{}
	found := map[string]bool{}
	for _, res := range x.resources(r, "AWS::ElasticLoadBalancingV2::LoadBalancer") {
		lb := x.loadBalancer(res)
		if len(arns)+len(names) > 0 && !contains(arns, lb.LoadBalancerArn) && !contains(names, lb.LoadBalancerName) {
			continue
		}
		found[lb.LoadBalancerArn], found[lb.LoadBalancerName] = true, true
		out.LoadBalancers = append(out.LoadBalancers, lb)
	}
	for _, want := range append(arns, names...) {
		if !found[want] {
			return nil, &simcore.APIError{Code: "LoadBalancerNotFound", Message: "One or more load balancers not found", Status: 400, Sender: true}
		}
	}
	return out, nil
}

func (x *Service) loadBalancer(res resource) xmlLoadBalancer {
	lb := xmlLoadBalancer{
		LoadBalancerArn:       res.r.PhysicalID,
		LoadBalancerName:      attr(res, "LoadBalancerName"),
		DNSName:               attr(res, "DNSName"),
		CanonicalHostedZoneId: attr(res, "CanonicalHostedZoneID"),
		Scheme:                cfntemplate.String(res.r.Props["Scheme"]),
		Type:                  cfntemplate.String(res.r.Props["Type"]),
	}
	if lb.Type == "" {
		lb.Type = "application"
	}
	if lb.Scheme == "" {
		lb.Scheme = "internet-facing"
	}
	if sgs, ok := res.r.Props["SecurityGroups"].([]any); ok {
		for _, sg := range sgs {
			lb.SecurityGroups = append(lb.SecurityGroups, cfntemplate.String(sg))
		}
	}
	lb.State.Code = "active"
	return lb
}

type xmlListener struct {
	ListenerArn     string
	LoadBalancerArn string
	Port            int
	Protocol        string
}

type describeListenersResult struct {
	XMLName   xml.Name      `xml:"DescribeListenersResult"`
	Listeners []xmlListener `xml:"Listeners>member"`
}

// describeListeners answers the listeners of a load balancer, or those
// listed by ARN.
func (x *Service) describeListeners(r *simcore.Request) (any, error) {
	lbArn, arns := r.Form.Get("LoadBalancerArn"), members(r, "ListenerArns")
	if lbArn == "" && len(arns) == 0 {
		return nil, simcore.Errorf("ValidationError", "Either load balancer ARN or listener ARNs must be specified")
	}
	out := describeListenersResult{}
	for _, res := range x.resources(r, "AWS::ElasticLoadBalancingV2::Listener") {
		l := xmlListener{
			ListenerArn:     res.r.PhysicalID,
			LoadBalancerArn: cfntemplate.String(res.r.Props["LoadBalancerArn"]),
			Protocol:        cfntemplate.String(res.r.Props["Protocol"]),
		}
		l.Port, _ = strconv.Atoi(cfntemplate.String(res.r.Props["Port"]))
		if (lbArn != "" && l.LoadBalancerArn == lbArn) || contains(arns, l.ListenerArn) {
			out.Listeners = append(out.Listeners, l)
		}
	}
	if lbArn != "" && len(out.Listeners) == 0 && !x.hasLoadBalancer(r, lbArn) {
		return nil, &simcore.APIError{Code: "LoadBalancerNotFound", Message: "One or more load balancers not found", Status: 400, Sender: true}
	}
	return out, nil
}

func (x *Service) hasLoadBalancer(r *simcore.Request, arn string) bool {
	for _, res := range x.resources(r, "AWS::ElasticLoadBalancingV2::LoadBalancer") {
		if res.r.PhysicalID == arn {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

type xmlCondition struct {
	Field  string
	Values []string `xml:"Values>member"`
}

type xmlRule struct {
	RuleArn    string
	Priority   string
	IsDefault  bool
	Conditions []xmlCondition `xml:"Conditions>member"`
}

type describeRulesResult struct {
	XMLName xml.Name  `xml:"DescribeRulesResult"`
	Rules   []xmlRule `xml:"Rules>member"`
}

// configs maps a condition's field to its *Config property.
var configs = map[string]string{"path-pattern": "PathPatternConfig", "host-header": "HostHeaderConfig", "source-ip": "SourceIpConfig",
	"http-request-method": "HttpRequestMethodConfig"}

// describeRules answers a listener's rules (its stacks' ListenerRule
// resources; the default rule is not listed), each condition's values
// from its Values or its *Config.Values.
func (x *Service) describeRules(r *simcore.Request) (any, error) {
	listener := r.Form.Get("ListenerArn")
	if listener == "" {
		return nil, simcore.Errorf("ValidationError", "A listener ARN must be specified")
	}
	out := describeRulesResult{}
	for _, res := range x.resources(r, "AWS::ElasticLoadBalancingV2::ListenerRule") {
		if cfntemplate.String(res.r.Props["ListenerArn"]) != listener {
			continue
		}
		rule := xmlRule{RuleArn: res.r.PhysicalID, Priority: cfntemplate.String(res.r.Props["Priority"])}
		conds, _ := res.r.Props["Conditions"].([]any)
		for _, c := range conds {
			m, _ := c.(map[string]any)
			cond := xmlCondition{Field: cfntemplate.String(m["Field"])}
			vals, _ := m["Values"].([]any)
			if cfg, ok := m[configs[cond.Field]].(map[string]any); ok {
				vals, _ = cfg["Values"].([]any)
			}
			for _, v := range vals {
				cond.Values = append(cond.Values, cfntemplate.String(v))
			}
			rule.Conditions = append(rule.Conditions, cond)
		}
		out.Rules = append(out.Rules, rule)
	}
	return out, nil
}

type xmlTargetHealth struct {
	Target struct {
		Id   string
		Port int
	}
	HealthCheckPort string
	TargetHealth    struct {
		State       string
		Reason      string `xml:",omitempty"`
		Description string `xml:",omitempty"`
	}
}

type describeTargetHealthResult struct {
	XMLName      xml.Name          `xml:"DescribeTargetHealthResult"`
	Descriptions []xmlTargetHealth `xml:"TargetHealthDescriptions>member"`
}

// describeTargetHealth answers the health of a live target group's
// targets: the tasks of the services that register in it.
func (x *Service) describeTargetHealth(r *simcore.Request) (any, error) {
	arn := r.Form.Get("TargetGroupArn")
	if arn == "" {
		return nil, simcore.Errorf("ValidationError", "A target group ARN must be specified")
	}
	if !slices.ContainsFunc(x.resources(r, "AWS::ElasticLoadBalancingV2::TargetGroup"), func(res resource) bool { return res.r.PhysicalID == arn }) {
		return nil, &simcore.APIError{Code: "TargetGroupNotFound", Message: "Target groups '" + arn + "' not found", Status: 400, Sender: true}
	}
	out := describeTargetHealthResult{}
	for _, t := range x.targets.Targets(r.Account, r.Region, arn) {
		d := xmlTargetHealth{HealthCheckPort: strconv.Itoa(t.Port)}
		d.Target.Id, d.Target.Port = t.ID, t.Port
		d.TargetHealth.State, d.TargetHealth.Reason, d.TargetHealth.Description = t.State, t.Reason, t.Description
		out.Descriptions = append(out.Descriptions, d)
	}
	return out, nil
}
