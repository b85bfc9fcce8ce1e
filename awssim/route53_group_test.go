package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/route53"

	"flightplan/awssim/awssimtest"
)

// groupTemplate is a zone and a record set group with the given records.
func groupTemplate(records string) string {
	return `{"Resources": {
  "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "shop.example.com"}},
  "LoadBalancerDNSAlias": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"HostedZoneId": {"Ref": "Zone"}, "Comment": "aliases",
    "RecordSets": [` + records + `]}}}}`
}

const (
	webAlias = `{"Name": "web.shop.example.com", "Type": "A", "AliasTarget": {"DNSName": "lb-1.us-east-1.elb.amazonaws.com", "HostedZoneId": "Z35SXDOTRQ7X7K"}}`
	apiAlias = `{"Name": "api.shop.example.com", "Type": "A", "AliasTarget": {"DNSName": "lb-2.us-east-1.elb.amazonaws.com", "HostedZoneId": "Z35SXDOTRQ7X7K"}}`
)

// TestRecordSetGroupInRoute53: the records of a stack's RecordSetGroup
// appear in Route 53 when it is created, follow its updates, and go with
// the stack, as a RecordSet's do.
func TestRecordSetGroupInRoute53(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, region))
	r53 := r53Client(ts, acctA)
	if st := createStack(t, cfn, "dns", groupTemplate(webAlias+","+apiAlias)); st.StackStatus != "CREATE_COMPLETE" {
		t.Fatalf("create: %s %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}
	res, err := cfn.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String("dns"), LogicalResourceId: aws.String("Zone")})
	if err != nil {
		t.Fatal(err)
	}
	zone := res.StackResourceDetail.PhysicalResourceId
	records := func() string {
		out, err := r53.ListResourceRecordSets(ctx, &route53.ListResourceRecordSetsInput{HostedZoneId: zone})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range out.ResourceRecordSets {
			if r.AliasTarget != nil {
				got = append(got, aws.ToString(r.Name)+" "+string(r.Type)+" "+aws.ToString(r.AliasTarget.DNSName))
			}
		}
		return strings.Join(got, "; ")
	}
	if got, want := records(), "api.shop.example.com. A lb-2.us-east-1.elb.amazonaws.com.; web.shop.example.com. A lb-1.us-east-1.elb.amazonaws.com."; got != want {
		t.Errorf("after create: %s, want %s", got, want)
	}
	if _, err := cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("dns"),
		TemplateBody: aws.String(groupTemplate(strings.Replace(webAlias, "lb-1", "lb-3", 1)))}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, cfn, "dns"); st.StackStatus != "UPDATE_COMPLETE" {
		t.Fatalf("update: %s", st.StackStatus)
	}
	if got, want := records(), "web.shop.example.com. A lb-3.us-east-1.elb.amazonaws.com."; got != want {
		t.Errorf("after update: %s, want %s", got, want)
	}
	if _, err := cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("dns"), TemplateBody: aws.String(`{"Resources": {
  "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "shop.example.com"}}}}`)}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, cfn, "dns")
	if got := records(); got != "" {
		t.Errorf("after the group's delete: %s, want none", got)
	}
}

// TestResourceTypeChangeRefused: a template giving a live resource's
// logical ID another type is refused, by UpdateStack and by a change set,
// with CloudFormation's message; the live record stays.
func TestResourceTypeChangeRefused(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	cfn := cloudformation.NewFromConfig(ts.Config(acctA, region))
	createStack(t, cfn, "dns", groupTemplate(webAlias))
	asRecordSet := `{"Resources": {
  "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "shop.example.com"}},
  "LoadBalancerDNSAlias": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneId": {"Ref": "Zone"},
    "Name": "web.shop.example.com", "Type": "A", "AliasTarget": {"DNSName": "lb-1.us-east-1.elb.amazonaws.com", "HostedZoneId": "Z35SXDOTRQ7X7K"}}}}}`
	const msg = "Update of resource type is not permitted. The new template modifies resource type of the following resources: [LoadBalancerDNSAlias]"
	_, err := cfn.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("dns"), TemplateBody: aws.String(asRecordSet)})
	if err == nil || !strings.Contains(err.Error(), msg) {
		t.Errorf("UpdateStack: %v, want %q", err, msg)
	}
	cs := createChangeSet(t, cfn, "dns", "retype", "UPDATE", asRecordSet)
	if cs.Status != "FAILED" || aws.ToString(cs.StatusReason) != msg {
		t.Errorf("change set %s: %q, want FAILED: %q", cs.Status, aws.ToString(cs.StatusReason), msg)
	}
}
