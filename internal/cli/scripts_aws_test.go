package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/rogpeppe/go-internal/testscript"

	"flightplan/cloud"
)

// Route 53 in the simulator at $SIMADDR, through the real SDK, for the
// stories of domains (account 111111111111 unless a command names another).

// simRoute53 is a Route 53 client of the account given last in args (12
// digits), else of the stories' account, and the other args.
func simRoute53(ts *testscript.TestScript, args []string) (*route53.Client, []string) {
	account := "111111111111"
	if n := len(args); n > 1 && len(args[n-1]) == 12 && strings.Trim(args[n-1], "0123456789") == "" {
		account, args = args[n-1], args[:n-1]
	}
	return route53.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("SIM"+account, "sim", ""),
		BaseEndpoint: aws.String("http://" + ts.Getenv("SIMADDR")),
	}), args
}

// r53zone NAME [ACCOUNT] creates the hosted zone NAME and sets $ZONEID to
// its ID.
func r53zone(ts *testscript.TestScript, neg bool, args []string) {
	c, args := simRoute53(ts, args)
	if neg || len(args) != 1 {
		ts.Fatalf("usage: r53zone NAME [ACCOUNT]")
	}
	out, err := c.CreateHostedZone(context.Background(), &route53.CreateHostedZoneInput{
		Name: aws.String(args[0]), CallerReference: aws.String("story-" + args[0]),
	})
	if err != nil {
		ts.Fatalf("r53zone: %v", err)
	}
	ts.Setenv("ZONEID", strings.TrimPrefix(aws.ToString(out.HostedZone.Id), "/hostedzone/"))
}

// r53records NAME [ACCOUNT] prints the record sets of the hosted zone NAME,
// one a line: name, type, and "alias DNSNAME" or the values.
func r53records(ts *testscript.TestScript, neg bool, args []string) {
	c, args := simRoute53(ts, args)
	if neg || len(args) != 1 {
		ts.Fatalf("usage: r53records ZONE-NAME [ACCOUNT]")
	}
	ctx := context.Background()
	zones, err := c.ListHostedZonesByName(ctx, &route53.ListHostedZonesByNameInput{DNSName: aws.String(args[0])})
	if err != nil || len(zones.HostedZones) == 0 || aws.ToString(zones.HostedZones[0].Name) != strings.TrimSuffix(args[0], ".")+"." {
		ts.Fatalf("r53records: no zone %s (%v)", args[0], err)
	}
	p := route53.NewListResourceRecordSetsPaginator(c, &route53.ListResourceRecordSetsInput{HostedZoneId: zones.HostedZones[0].Id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			ts.Fatalf("r53records: %v", err)
		}
		for _, r := range page.ResourceRecordSets {
			line := aws.ToString(r.Name) + " " + string(r.Type)
			if r.AliasTarget != nil {
				line += " alias " + aws.ToString(r.AliasTarget.DNSName)
			}
			for _, v := range r.ResourceRecords {
				line += " " + aws.ToString(v.Value)
			}
			fmt.Fprintln(ts.Stdout(), line)
		}
	}
}

// physid STACK LOGICAL-ID VAR sets $VAR to the physical ID of resource
// LOGICAL-ID of STACK in the simulator at $SIMADDR (an ARN, for a load
// balancer).
func physid(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: physid STACK LOGICAL-ID VAR")
	}
	res, err := simClients(ts).CFN.DescribeStackResource(context.Background(), &cloudformation.DescribeStackResourceInput{
		StackName: aws.String(args[0]), LogicalResourceId: aws.String(args[1]),
	})
	if err != nil {
		ts.Fatalf("physid: %v", err)
	}
	ts.Setenv(args[2], aws.ToString(res.StackResourceDetail.PhysicalResourceId))
}

// stackvalue REGION STACK output|parameter NAME VAR reads an output or a
// parameter of STACK in REGION of the stories' account: it sets $VAR to
// the value when $VAR is empty, and otherwise fails unless the value
// equals $VAR (so that two stacks' values can be compared).
func stackvalue(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 5 || (args[2] != "output" && args[2] != "parameter") {
		ts.Fatalf("usage: stackvalue REGION STACK output|parameter NAME VAR")
	}
	p := cloud.NewProvider(cloud.Options{SimEndpoint: "http://" + ts.Getenv("SIMADDR"), MaxAttempts: 1})
	c, err := p.For(context.Background(), cloud.Target{Account: "111111111111", Region: args[0]})
	if err != nil {
		ts.Fatalf("stackvalue: %v", err)
	}
	out, err := c.CFN.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(args[1])})
	if err != nil || len(out.Stacks) != 1 {
		ts.Fatalf("stackvalue: no stack %s in %s (%v)", args[1], args[0], err)
	}
	value := ""
	for _, o := range out.Stacks[0].Outputs {
		if args[2] == "output" && aws.ToString(o.OutputKey) == args[3] {
			value = aws.ToString(o.OutputValue)
		}
	}
	for _, pr := range out.Stacks[0].Parameters {
		if args[2] == "parameter" && aws.ToString(pr.ParameterKey) == args[3] {
			value = aws.ToString(pr.ParameterValue)
		}
	}
	if value == "" {
		ts.Fatalf("stackvalue: stack %s has no %s %s", args[1], args[2], args[3])
	}
	if want := ts.Getenv(args[4]); want != "" && value != want {
		ts.Fatalf("stackvalue: %s %s of %s is %q, want %q", args[2], args[3], args[1], value, want)
	}
	fmt.Fprintln(ts.Stdout(), value)
	ts.Setenv(args[4], value)
}

// ardomains STACK prints the custom domains of the App Runner service of
// STACK (its ServiceArn output) in the simulator at $SIMADDR, one a line:
// "NAME STATUS".
func ardomains(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: ardomains STACK")
	}
	ctx, c := context.Background(), simClients(ts)
	out, err := c.CFN.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(args[0])})
	if err != nil || len(out.Stacks) != 1 {
		ts.Fatalf("ardomains: %v", err)
	}
	arn := ""
	for _, o := range out.Stacks[0].Outputs {
		if aws.ToString(o.OutputKey) == "ServiceArn" {
			arn = aws.ToString(o.OutputValue)
		}
	}
	domains, err := c.AppRunner.DescribeCustomDomains(ctx, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(arn)})
	if err != nil {
		ts.Fatalf("ardomains: %v", err)
	}
	fmt.Fprintln(ts.Stdout(), "target", aws.ToString(domains.DNSTarget))
	for _, d := range domains.CustomDomains {
		fmt.Fprintln(ts.Stdout(), aws.ToString(d.DomainName), d.Status)
	}
}
