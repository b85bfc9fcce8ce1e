package awssimtest_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"flightplan/awssim/awssimtest"
)

// A test starts a simulator and makes the SDK's clients from its
// configuration; the access key names the account.
func ExampleNewServer() {
	ts, err := awssimtest.NewServer() // in a test: ts := awssimtest.Start(t)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ts.Close()
	ctx := context.Background()
	cfg := ts.Config("111111111111", "eu-west-1")

	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(aws.ToString(id.Arn))

	params := ssm.NewFromConfig(cfg)
	_, err = params.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/app/greeting"), Value: aws.String("hello"), Type: "String"})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := params.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/greeting")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(aws.ToString(p.Parameter.Value), p.Parameter.Version)
	// Output:
	// arn:aws:iam::111111111111:user/sim
	// hello 1
}
