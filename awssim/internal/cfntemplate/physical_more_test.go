package cfntemplate

import (
	"regexp"
	"testing"
)

// TestMorePhysicalIDs checks the shapes of the physical IDs of the types
// awsspec does not list yet.
func TestMorePhysicalIDs(t *testing.T) {
	e := Env{Account: "111111111111", Region: "us-east-1", StackName: "app-test", StackID: "arn:aws:cloudformation:us-east-1:111111111111:stack/app-test/x"}
	tests := map[string]struct {
		props map[string]any
		want  string
	}{
		"AWS::EC2::FlowLog":                           {nil, `^fl-0[0-9a-f]{16}$`},
		"AWS::Logs::ResourcePolicy":                   {map[string]any{"PolicyName": "p"}, `^p$`},
		"AWS::CloudFront::Distribution":               {nil, `^E[0-9A-F]{13}$`},
		"AWS::CloudFront::Function":                   {map[string]any{"Name": "f"}, `^arn:aws:cloudfront::111111111111:function/f$`},
		"AWS::RDS::DBInstance":                        {nil, `^app-test-res-[0-9a-z]{12}$`},
		"AWS::SecretsManager::SecretTargetAttachment": {map[string]any{"SecretId": "arn:s"}, `^arn:s$`},
		"AWS::AppRunner::VpcIngressConnection":        {nil, `^arn:aws:apprunner:us-east-1:111111111111:vpcingressconnection/app-test-Res-[0-9A-Z]{12}/[0-9a-f]{32}$`},
	}
	for typ, tc := range tests {
		if got := e.PhysicalID("Res", typ, tc.props, 0); !regexp.MustCompile(tc.want).MatchString(got) {
			t.Errorf("%s: %q does not match %s", typ, got, tc.want)
		}
	}
	dn := String(attrTable["AWS::CloudFront::Distribution.DomainName"](e, Planned{PhysicalID: "E1"}))
	if !regexp.MustCompile(`^d[0-9a-f]{13}\.cloudfront\.net$`).MatchString(dn) {
		t.Errorf("DomainName = %q", dn)
	}
}
