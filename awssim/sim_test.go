package awssim_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim"
)

const (
	acctA  = "111111111111"
	acctB  = "222222222222"
	region = "eu-west-1"
)

// clients builds SSM and STS clients for one account and region.
func ssmClient(ts *awssim.TestServer, account, region string) *ssm.Client {
	return ssm.NewFromConfig(ts.Config(account, region))
}

func stsClient(ts *awssim.TestServer, account string) *sts.Client {
	return sts.NewFromConfig(ts.Config(account, region))
}

// put creates or overwrites a String parameter, failing the test on error.
func put(t *testing.T, c *ssm.Client, name, value string) int64 {
	t.Helper()
	out, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{
		Name: aws.String(name), Value: aws.String(value), Type: "String", Overwrite: aws.Bool(true)})
	if err != nil {
		t.Fatalf("PutParameter %s: %v", name, err)
	}
	return out.Version
}

func TestSmoke(t *testing.T) {
	ts := awssim.Start(t)
	c := ssmClient(ts, acctA, region)
	if v := put(t, c, "/app/x", "1"); v != 1 {
		t.Fatalf("version %d", v)
	}
	out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/app/x")})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v %v", *out.Parameter.Value, out.Parameter.LastModifiedDate)
	id, err := stsClient(ts, acctA).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s %s %s", *id.Account, *id.Arn, *id.UserId)
}
