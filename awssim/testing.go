package awssim

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Config returns an SDK configuration that sends every call to the test
// server as account (12 digits) in region, with static credentials "SIM" +
// account. Retries and everything else keep the SDK's defaults, so tests see
// the SDK behave as it does against AWS. Make clients from it as usual:
// ssm.NewFromConfig(ts.Config("111111111111", "eu-west-1")).
func (ts *TestServer) Config(account, region string) aws.Config {
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKey(account), "sim-secret", ""),
		BaseEndpoint: aws.String(ts.URL),
	}
}

// AccessKey returns the access key the simulator attributes to account.
func AccessKey(account string) string { return "SIM" + account }
