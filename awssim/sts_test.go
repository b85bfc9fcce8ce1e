package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

func TestGetCallerIdentity(t *testing.T) {
	ts := awssimtest.Start(t)
	tests := map[string]struct {
		key, account string
	}{
		"sim key":   {key: "SIM" + acctB, account: acctB},
		"other key": {key: "AKIAIOSFODNN7EXAMPLE", account: awssim.DefaultAccount},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			cfg := ts.Config(acctA, region)
			cfg.Credentials = credentials.NewStaticCredentialsProvider(tt.key, "x", "")
			out, err := sts.NewFromConfig(cfg).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatal(err)
			}
			got := []string{aws.ToString(out.Account), aws.ToString(out.Arn)}
			want := []string{tt.account, "arn:aws:iam::" + tt.account + ":user/sim"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("identity (-want +got):\n%s", diff)
			}
			if aws.ToString(out.UserId) == "" {
				t.Error("UserId is empty")
			}
		})
	}
}

// TestAssumeRole assumes a role in account B from account A, then uses the
// credentials: GetCallerIdentity names the role and SSM acts in account B.
func TestAssumeRole(t *testing.T) {
	ts := awssimtest.Start(t)
	ctx := context.Background()
	out, err := stsClient(ts, acctA).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acctB + ":role/deploy/flightplan"), RoleSessionName: aws.String("plan-1")})
	if err != nil {
		t.Fatal(err)
	}
	creds := out.Credentials
	if aws.ToString(creds.AccessKeyId) != "SIM"+acctB || aws.ToString(creds.SessionToken) == "" || creds.Expiration == nil {
		t.Fatalf("credentials = %+v", creds)
	}
	wantARN := "arn:aws:sts::" + acctB + ":assumed-role/flightplan/plan-1"
	if aws.ToString(out.AssumedRoleUser.Arn) != wantARN || !strings.HasSuffix(aws.ToString(out.AssumedRoleUser.AssumedRoleId), ":plan-1") {
		t.Errorf("AssumedRoleUser = %s %s", aws.ToString(out.AssumedRoleUser.Arn), aws.ToString(out.AssumedRoleUser.AssumedRoleId))
	}
	cfg := assumedConfig(ts, creds)
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{acctB, wantARN}, []string{aws.ToString(id.Account), aws.ToString(id.Arn)}); diff != "" {
		t.Errorf("identity with the role's credentials (-want +got):\n%s", diff)
	}
	c := ssm.NewFromConfig(cfg)
	put(t, c, "/from/role", "x")
	if got := get(t, ssmClient(ts, acctB, region), "/from/role"); got != "x" {
		t.Errorf("account B sees %q", got)
	}
	desc, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{})
	if err != nil || len(desc.Parameters) != 1 || aws.ToString(desc.Parameters[0].LastModifiedUser) != wantARN {
		t.Errorf("LastModifiedUser: %v %v", desc, err)
	}
}

func assumedConfig(ts *awssimtest.TestServer, c *ststypes.Credentials) aws.Config {
	cfg := ts.Config(acctA, region)
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	return cfg
}

func TestAssumeRoleErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	tests := map[string]struct {
		arn, session string
		duration     int32
		msg          string
	}{
		"not a role":    {arn: "arn:aws:acm:eu-west-1:111111111111:certificate/abc", session: "s1", msg: "Request ARN is invalid"},
		"short account": {arn: "arn:aws:iam::1111:role/deploy", session: "s1", msg: "Request ARN is invalid"},
		"too short": {arn: "deploy", session: "s1",
			msg: "1 validation error detected: Value 'deploy' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		"bad session": {arn: "arn:aws:iam::111111111111:role/deploy", session: "a b",
			msg: `1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		"short duration": {arn: "arn:aws:iam::111111111111:role/deploy", session: "s1", duration: 60,
			msg: "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			in := &sts.AssumeRoleInput{RoleArn: aws.String(tt.arn), RoleSessionName: aws.String(tt.session)}
			if tt.duration > 0 {
				in.DurationSeconds = aws.Int32(tt.duration)
			}
			_, err := stsClient(ts, acctA).AssumeRole(context.Background(), in)
			wantAPIError(t, err, "ValidationError", tt.msg)
		})
	}
}

// A call signed with a session token STS did not issue, or issued for
// another account, is refused as AWS refuses it.
func TestSessionTokenNotIssued(t *testing.T) {
	ts := awssimtest.Start(t)
	ctx := context.Background()
	out, err := stsClient(ts, acctA).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acctB + ":role/deploy"), RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	issued := aws.ToString(out.Credentials.SessionToken)
	for name, tc := range map[string]struct{ key, token string }{
		"unknown token":     {"SIM" + acctB, "not-a-token"},
		"another account's": {"SIM" + acctA, issued},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := ts.Config(acctA, region)
			cfg.Credentials = credentials.NewStaticCredentialsProvider(tc.key, "x", tc.token)
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, "InvalidClientTokenId", "The security token included in the request is invalid.")
		})
	}
}
