package awsspec

import (
	"strings"
	"testing"
)

// TestSupplementRecordSetGroup: the hand-written RecordSetGroup validates
// a group as Copilot writes it, refuses a record without a name, and its
// zone replaces the group while its records update in place.
func TestSupplementRecordSetGroup(t *testing.T) {
	s := Load()
	r, ok := s.Resource("AWS::Route53::RecordSetGroup")
	if !ok {
		t.Fatal("no AWS::Route53::RecordSetGroup")
	}
	if !r.Properties["HostedZoneId"].Replaces || r.Properties["RecordSets"].MayReplace {
		t.Errorf("HostedZoneId replaces = %v, RecordSets may replace = %v; want true, false",
			r.Properties["HostedZoneId"].Replaces, r.Properties["RecordSets"].MayReplace)
	}
	tmpl := func(record string) string {
		return `{"Resources": {"LoadBalancerDNSAlias": {"Type": "AWS::Route53::RecordSetGroup", "Properties": {
  "HostedZoneId": "Z0123", "Comment": "alias",
  "RecordSets": [` + record + `]}}}}`
	}
	ok1 := tmpl(`{"Name": "web.test.shop.example.com.", "Type": "A", "AliasTarget": {"DNSName": "lb.example.com", "HostedZoneId": "Z35SXDOTRQ7X7K"}}`)
	if probs := validate(t, s, ok1); len(probs) > 0 {
		t.Errorf("Copilot's group: %v", probs)
	}
	bad := tmpl(`{"Type": "A", "AliasTarget": {"DNSName": "lb.example.com"}}`)
	probs := strings.Join(validate(t, s, bad), "\n")
	for _, want := range []string{"Name", "HostedZoneId"} {
		if !strings.Contains(probs, want) {
			t.Errorf("a record without Name and an alias without HostedZoneId: problems %q lack %s", probs, want)
		}
	}
}

// TestSupplementOverlapRefused: a supplement type that spec.json already has
// is an error naming it.
func TestSupplementOverlapRefused(t *testing.T) {
	s, err := decodeSpec(specJSON)
	if err != nil {
		t.Fatal(err)
	}
	err = s.supplement([]byte(`{"resources": {"AWS::Route53::RecordSet": {"properties": {}, "attributes": {}}}}`))
	if err == nil || !strings.Contains(err.Error(), "AWS::Route53::RecordSet is in spec.json too") {
		t.Errorf("err = %v", err)
	}
}

func validate(t *testing.T, s *Spec, body string) []string {
	t.Helper()
	var out []string
	for _, p := range s.ValidateTemplate([]byte(body)) {
		out = append(out, p.String())
	}
	return out
}
