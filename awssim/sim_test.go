package awssim_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// Accounts and region the tests use.
const (
	acctA  = "111111111111"
	acctB  = "222222222222"
	region = "eu-west-1"
)

// endpointConfig is an SDK configuration for account in region against a
// simulator served at url by other means than awssimtest.
func endpointConfig(url, account string) aws.Config {
	return aws.Config{Region: region, BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider(awssim.AccessKey(account), "sim-secret", "")}
}

func ssmClient(ts *awssimtest.TestServer, account, region string) *ssm.Client {
	return ssm.NewFromConfig(ts.Config(account, region))
}

func stsClient(ts *awssimtest.TestServer, account string) *sts.Client {
	return sts.NewFromConfig(ts.Config(account, region))
}

// put creates or overwrites a String parameter, failing the test on error,
// and returns its new version.
func put(t testing.TB, c *ssm.Client, name, value string) int64 {
	t.Helper()
	out, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{
		Name: aws.String(name), Value: aws.String(value), Type: "String", Overwrite: aws.Bool(true)})
	if err != nil {
		t.Fatalf("PutParameter %s: %v", name, err)
	}
	return out.Version
}

// get returns a parameter's value, failing the test on error.
func get(t testing.TB, c *ssm.Client, name string) string {
	t.Helper()
	out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(name), WithDecryption: aws.Bool(true)})
	if err != nil {
		t.Fatalf("GetParameter %s: %v", name, err)
	}
	return aws.ToString(out.Parameter.Value)
}

// wantAPIError checks that err is the AWS error code with message msg ("*"
// for any message).
func wantAPIError(t testing.TB, err error, code, msg string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code || (msg != "*" && apiErr.ErrorMessage() != msg) {
		t.Fatalf("error = %s %q, want %s %q", apiErr.ErrorCode(), apiErr.ErrorMessage(), code, msg)
	}
}
