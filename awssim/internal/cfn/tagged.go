package cfn

import (
	"maps"
	"slices"
	"strings"

	"flightplan/awssim/internal/cfntemplate"
)

// TaggedResource is a resource as the Resource Groups Tagging API sees it:
// its ARN and its tags.
type TaggedResource struct {
	ARN  string
	Tags []Tag
}

// TaggedResources returns the stacks of an account and region and the
// resources of theirs that have an ARN, with their tags: a resource's own
// Tags, its stack's tags and CloudFormation's aws:cloudformation: tags. The
// caller holds the lock and has settled the stacks.
func (x *Service) TaggedResources(account, region string) []TaggedResource {
	var out []TaggedResource
	for _, st := range x.liveStacks(account, region) {
		ref := st.ref()
		out = append(out, TaggedResource{ARN: st.ID, Tags: ref.Tags})
		for _, id := range slices.Sorted(maps.Keys(st.Resources)) {
			r := st.Resources[id]
			if r.Status == "DELETE_COMPLETE" || r.Status == "DELETE_SKIPPED" || r.PhysicalID == "" || r.Type == stackType {
				continue // a nested stack is listed as the stack it is
			}
			if arn := x.resourceARN(st, r); arn != "" {
				out = append(out, TaggedResource{ARN: arn, Tags: resourceTags(ref, r)})
			}
		}
	}
	return out
}

// resourceARN is a resource's ARN: its physical ID when that is one, else
// its Arn attribute; "" when it has neither.
func (x *Service) resourceARN(st *cfnStack, r *Resource) string {
	switch {
	case strings.HasPrefix(r.PhysicalID, "arn:"):
		return r.PhysicalID
	case r.Type == "AWS::Route53::HostedZone":
		return "arn:aws:route53:::hostedzone/" + r.PhysicalID
	case ec2Kinds[r.Type] != "":
		return "arn:aws:ec2:" + st.Region + ":" + st.Account + ":" + ec2Kinds[r.Type] + "/" + r.PhysicalID
	case !cfntemplate.HasAttribute(r.Type, "Arn"):
		return ""
	}
	v, _ := x.attribute(st.env(), r, "Arn")
	return strings.TrimSuffix(cfntemplate.String(v), ":*")
}

// resourceTags are the tags CloudFormation gives a resource.
func resourceTags(st StackRef, r *Resource) []Tag {
	tags := map[string]string{}
	for _, t := range st.Tags {
		tags[t.Key] = t.Value
	}
	switch own := r.Props["Tags"].(type) {
	case []any:
		for _, t := range own {
			m := cfntemplate.AsMap(t)
			tags[cfntemplate.String(m["Key"])] = cfntemplate.String(m["Value"])
		}
	case map[string]any:
		for k, v := range own {
			tags[k] = cfntemplate.String(v)
		}
	}
	tags["aws:cloudformation:stack-name"] = st.Name
	tags["aws:cloudformation:stack-id"] = st.ID
	tags["aws:cloudformation:logical-id"] = r.LogicalID
	var out []Tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		out = append(out, Tag{Key: k, Value: tags[k]})
	}
	return out
}

// ec2Kinds are the resource kinds in the ARNs of EC2 resources, whose
// physical IDs are their IDs (subnet-0…).
var ec2Kinds = map[string]string{
	"AWS::EC2::VPC": "vpc", "AWS::EC2::Subnet": "subnet", "AWS::EC2::SecurityGroup": "security-group",
	"AWS::EC2::InternetGateway": "internet-gateway", "AWS::EC2::NatGateway": "natgateway",
	"AWS::EC2::RouteTable": "route-table", "AWS::EC2::VPCEndpoint": "vpc-endpoint",
}
