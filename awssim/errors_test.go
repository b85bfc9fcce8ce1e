package awssim_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim/awssimtest"
)

// TestSSMErrorMessages covers the SSM errors the other tests do not: each
// message the simulator can send has a case that produces it.
func TestSSMErrorMessages(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	put(t, c, "/p", "x")
	f := func(key, option string, values ...string) []ssmtypes.ParameterStringFilter {
		return []ssmtypes.ParameterStringFilter{{Key: aws.String(key), Option: aws.String(option), Values: values}}
	}
	eleven := strings.Split("/1,/2,/3,/4,/5,/6,/7,/8,/9,/10,/11", ",")
	manyTags := make([]ssmtypes.Tag, 51)
	for i := range manyTags {
		manyTags[i] = ssmtypes.Tag{Key: aws.String(strings.Repeat("k", i+1)), Value: aws.String("v")}
	}
	tests := map[string]struct {
		call      func() error
		code, msg string
	}{
		"KeyId on a String": {code: "ValidationException", msg: "KeyId is required for SecureString type parameter only.",
			call: func() error {
				_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/k"), Value: aws.String("x"), Type: "String", KeyId: aws.String("alias/x")})
				return err
			}},
		"bad allowed pattern": {code: "InvalidAllowedPatternException", msg: "The request does not meet the regular expression requirement.",
			call: func() error {
				_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/k"), Value: aws.String("x"), Type: "String", AllowedPattern: aws.String("(")})
				return err
			}},
		"too many tags": {code: "TooManyTagsError", msg: "",
			call: func() error {
				_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/k"), Value: aws.String("x"), Type: "String", Tags: manyTags})
				return err
			}},
		"empty tag key": {code: "ValidationException", msg: "1 validation error detected: Value '' at 'tags.member.key' failed to satisfy constraint: Member must have length between 1 and 128",
			call: func() error {
				_, err := c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: "Parameter", ResourceId: aws.String("/p"),
					Tags: []ssmtypes.Tag{{Key: aws.String(""), Value: aws.String("v")}}})
				return err
			}},
		"delete eleven": {code: "ValidationException", msg: "*",
			call: func() error {
				_, err := c.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: eleven})
				return err
			}},
		"filter without values": {code: "InvalidFilterValue", msg: "The following filter values are missing : null for filter key Type.",
			call: func() error {
				_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: f("Type", "Equals")})
				return err
			}},
		"both filter kinds": {code: "ValidationException", msg: "You can use either Filters or ParameterFilters in a single request.",
			call: func() error {
				_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: f("Type", "Equals", "String"),
					Filters: []ssmtypes.ParametersFilter{{Key: "Name", Values: []string{"/p"}}}})
				return err
			}},
		"bad path option": {code: "InvalidFilterOption", msg: "The following filter option is not valid: BeginsWith. Valid options include: [Recursive, OneLevel].",
			call: func() error {
				_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: f("Path", "BeginsWith", "/p")})
				return err
			}},
		// The SDK's model of InvalidFilterKey has no message member, so the
		// SDK drops the message the simulator sends.
		"unknown filter key": {code: "InvalidFilterKey", msg: "",
			call: func() error {
				_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/"), ParameterFilters: f("Label", "Equals", "x")})
				return err
			}},
		"relative path": {code: "ValidationException",
			msg: `The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash "/". ` +
				`It can't be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: ` +
				`. (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the ` +
				`forward slash symbol "/". Valid example: /get/parameters2-/by1./path0_.`,
			call: func() error {
				_, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("p")})
				return err
			}},
		"zero max results": {code: "ValidationException", msg: "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
			call: func() error {
				_, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{MaxResults: aws.Int32(0)})
				return err
			}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) { wantAPIError(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestSTSErrorMessages(t *testing.T) {
	ts := awssimtest.Start(t)
	role := aws.String("arn:aws:iam::111111111111:role/deploy")
	tests := map[string]struct {
		in  sts.AssumeRoleInput
		msg string
	}{
		"long duration": {in: sts.AssumeRoleInput{RoleArn: role, RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(43201)},
			msg: "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		"short session name": {in: sts.AssumeRoleInput{RoleArn: role, RoleSessionName: aws.String("s")},
			msg: "1 validation error detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		"long session name": {in: sts.AssumeRoleInput{RoleArn: role, RoleSessionName: aws.String(strings.Repeat("s", 65))},
			msg: "1 validation error detected: Value '" + strings.Repeat("s", 65) + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := stsClient(ts, acctA).AssumeRole(context.Background(), &tt.in)
			wantAPIError(t, err, "ValidationError", tt.msg)
		})
	}
}

// TestRawProtocolErrors sends hand-made requests for the errors an SDK never
// provokes: unknown operations, bad bodies, unsigned calls.
func TestRawProtocolErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	const auth = "AWS4-HMAC-SHA256 Credential=SIM111111111111/20260101/eu-west-1/%s/aws4_request, SignedHeaders=host, Signature=0"
	tests := map[string]struct {
		service, target, body, ctype string
		unsigned                     bool
		status                       int
		want                         string
	}{
		"ssm unknown operation": {service: "ssm", target: "AmazonSSM.SendCommand", body: "{}", status: 400, want: "UnknownOperationException"},
		"ssm bad json":          {service: "ssm", target: "AmazonSSM.GetParameter", body: "{", status: 400, want: "SerializationException"},
		"sts unknown action": {service: "sts", body: "Action=GetSessionToken&Version=2011-06-15", ctype: "application/x-www-form-urlencoded",
			status: 400, want: "<Code>InvalidAction</Code>"},
		"unknown service": {service: "sqs", body: "", status: 400, want: "UnknownService"},
		"stack instances without RetainStacks": {service: "cloudformation", body: "Action=DeleteStackInstances&Version=2010-05-15&StackSetName=s",
			ctype: "application/x-www-form-urlencoded", status: 400, want: "Value null at &#39;retainStacks&#39; failed to satisfy constraint: Member must not be null"},
		"tagging bad json": {service: "tagging", target: "ResourceGroupsTaggingAPI_20170126.GetResources", body: "{", status: 400, want: "SerializationException"},
		"s3 unserved":      {service: "s3", body: "", status: 501, want: "<Error><Code>NotImplemented</Code>"},
		"unsigned":         {service: "ssm", unsigned: true, body: "{}", status: 400, want: "InvalidSignatureException"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.unsigned {
				req.Header.Set("Authorization", strings.Replace(auth, "%s", tt.service, 1))
			}
			req.Header.Set("X-Amz-Target", tt.target)
			req.Header.Set("Content-Type", cmpOr(tt.ctype, "application/x-amz-json-1.1"))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.want) {
				t.Errorf("status %d body %s, want %d containing %s", resp.StatusCode, body, tt.status, tt.want)
			}
		})
	}
}

func TestControlErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	tests := map[string]struct {
		path, body string
		status     int
	}{
		"bad json":         {path: "/_sim/throttle", body: "{", status: 400},
		"negative latency": {path: "/_sim/latency", body: `{"ms":-1}`, status: 400},
		"time backwards":   {path: "/_sim/advance", body: `{"seconds":-1}`, status: 400},
		"no action":        {path: "/_sim/throttle", body: `{"service":"ssm","fraction":0.5}`, status: 400},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			resp, err := http.Post(ts.URL+tt.path, "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out struct{ Error string }
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Error == "" || resp.StatusCode != tt.status {
				t.Errorf("status %d error %q (%v), want %d with a message", resp.StatusCode, out.Error, err, tt.status)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
