package planner

import (
	"strings"
	"testing"

	"flightplan/stacks"
)

const groupDesired = `{"Resources": {
  "LoadBalancerDNSAlias": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {"HostedZoneId": {"Ref": "EnvHostedZoneId"},
    "Comment": "LoadBalancer alias for service web",
    "RecordSets": [{"Name": "web.test.shop.example.com.", "Type": "A", "AliasTarget": {"DNSName": "lb", "HostedZoneId": "Z1"}}]}},
  "Other": {"Type": "AWS::SNS::Topic"}}}`

// TestKeepRecordTypes: a stack flightplan deployed with its default record
// as a RecordSet keeps it one, with the same properties, so that the diff
// is empty and CloudFormation is not asked to change a type; a stack
// Copilot deployed with a group, or a new stack, gets the group.
func TestKeepRecordTypes(t *testing.T) {
	n := &stacks.Node{Stack: &stacks.Stack{Name: "shop-test-web", Template: []byte(groupDesired)}}
	oldLive := `{"Resources": {
  "LoadBalancerDNSAlias": {"Type": "AWS::Route53::RecordSet", "Properties": {"HostedZoneId": {"Ref": "EnvHostedZoneId"},
    "Name": "web.test.shop.example.com.", "Type": "A", "AliasTarget": {"DNSName": "lb", "HostedZoneId": "Z1"}}},
  "Other": {"Type": "AWS::SNS::Topic"}}}`
	kept, notes, err := keepRecordTypes(n, &LiveStack{Template: []byte(oldLive)})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "keeps LoadBalancerDNSAlias as AWS::Route53::RecordSet") {
		t.Errorf("notes = %q", notes)
	}
	got, _ := parseTemplate(kept.Stack.Template)
	want, _ := parseTemplate([]byte(oldLive))
	if rs, _, _ := diffTemplates(want, got, func(string, []string) bool { return false }); len(rs) != 0 {
		t.Errorf("kept record differs from the deployed one: %+v", rs)
	}
	if string(n.Stack.Template) != groupDesired {
		t.Error("the compiled node was modified in place")
	}
	copilotLive := strings.Replace(groupDesired, `"Other"`, `"Else"`, 1)
	for name, live := range map[string]*LiveStack{"Copilot's group": {Template: []byte(copilotLive)}, "no stack": nil} {
		same, notes, err := keepRecordTypes(n, live)
		if err != nil || same != n || len(notes) != 0 {
			t.Errorf("%s: node changed (%v, %q)", name, err, notes)
		}
	}
}
