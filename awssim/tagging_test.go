package awssim_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

const taggedTemplate = `Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties: {RepositoryName: shop/web, Tags: [{Key: copilot-service, Value: web}]}
  Bucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: shop-artifacts}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}
  Jobs:
    Type: AWS::StepFunctions::StateMachine
    Properties: {StateMachineName: shop-test-report, RoleArn: "arn:aws:iam::111111111111:role/r", DefinitionString: "{}"}
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties: {AlarmName: shop-cpu, ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1, Threshold: 1, MetricName: CPU, Namespace: AWS/ECS, Period: 60, Statistic: Average}
`

// TestTaggingGetResources checks GetResources over the stacks' resources
// with the real client (RPC v2 CBOR): tag filters, resource type filters,
// pages, and the tags CloudFormation gives resources.
func TestTaggingGetResources(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	_, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String("shop-infra"), TemplateBody: aws.String(taggedTemplate),
		Tags: []cfntypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String("shop")}}})
	if err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, "shop-infra")
	createStack(t, c, "other", `Resources: {Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: other}}}`)
	tg := tagging.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	arns := func(in *tagging.GetResourcesInput) []string {
		t.Helper()
		var out []string
		p := tagging.NewGetResourcesPaginator(tg, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.ResourceTagMappingList {
				out = append(out, aws.ToString(m.ResourceARN))
			}
		}
		slices.Sort(out)
		return out
	}
	app := []types.TagFilter{{Key: aws.String("copilot-application"), Values: []string{"shop"}}}
	tests := map[string]struct {
		in   *tagging.GetResourcesInput
		want []string
	}{
		"by tag": {&tagging.GetResourcesInput{TagFilters: app, ResourcesPerPage: aws.Int32(1)}, []string{
			"arn:aws:cloudformation:us-east-1:111111111111:stack/shop-infra/" + stackUUID(t, c, "shop-infra"),
			"arn:aws:cloudwatch:us-east-1:111111111111:alarm:shop-cpu",
			"arn:aws:ec2:us-east-1:111111111111:subnet/" + physicalID(t, c, "shop-infra", "Subnet"),
			"arn:aws:ecr:us-east-1:111111111111:repository/shop/web",
			"arn:aws:s3:::shop-artifacts",
			"arn:aws:states:us-east-1:111111111111:stateMachine:shop-test-report",
		}},
		"by tag and type": {&tagging.GetResourcesInput{TagFilters: app, ResourceTypeFilters: []string{"ecr:repository", "s3"}}, []string{
			"arn:aws:ecr:us-east-1:111111111111:repository/shop/web", "arn:aws:s3:::shop-artifacts",
		}},
		"Copilot's types": {&tagging.GetResourcesInput{TagFilters: app, ResourceTypeFilters: []string{"s3:bucket", "states:stateMachine", "cloudwatch:alarm"}}, []string{
			"arn:aws:cloudwatch:us-east-1:111111111111:alarm:shop-cpu", "arn:aws:s3:::shop-artifacts",
			"arn:aws:states:us-east-1:111111111111:stateMachine:shop-test-report",
		}},
		"by own tag, any value": {&tagging.GetResourcesInput{TagFilters: []types.TagFilter{{Key: aws.String("copilot-service")}}}, []string{
			"arn:aws:ecr:us-east-1:111111111111:repository/shop/web",
		}},
		"by type": {&tagging.GetResourcesInput{ResourceTypeFilters: []string{"logs:log-group"}}, []string{
			"arn:aws:logs:us-east-1:111111111111:log-group:other",
		}},
		"no match": {&tagging.GetResourcesInput{TagFilters: []types.TagFilter{{Key: aws.String("copilot-application"), Values: []string{"nope"}}}}, nil},
	}
	for name, tc := range tests {
		if diff := cmp.Diff(tc.want, arns(tc.in)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	out, err := tg.GetResources(ctx, &tagging.GetResourcesInput{ResourceTypeFilters: []string{"ecr:repository"}})
	if err != nil || len(out.ResourceTagMappingList) != 1 {
		t.Fatalf("GetResources = %v %v", out, err)
	}
	tags := map[string]string{}
	for _, tg := range out.ResourceTagMappingList[0].Tags {
		tags[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	if tags["copilot-application"] != "shop" || tags["copilot-service"] != "web" || tags["aws:cloudformation:logical-id"] != "Repo" {
		t.Errorf("repository tags = %v", tags)
	}
	_, err = tg.GetResources(ctx, &tagging.GetResourcesInput{ResourcesPerPage: aws.Int32(500)})
	apiError(t, err, "InvalidParameterException", "ResourcesPerPage must be between 1 and 100")
}

func stackUUID(t *testing.T, c *cloudformation.Client, name string) string {
	st := waitStack(t, c, name)
	id := aws.ToString(st.StackId)
	return id[len(id)-36:]
}

func physicalID(t *testing.T, c *cloudformation.Client, stack, logical string) string {
	out, err := c.DescribeStackResource(context.Background(), &cloudformation.DescribeStackResourceInput{StackName: aws.String(stack), LogicalResourceId: aws.String(logical)})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.StackResourceDetail.PhysicalResourceId)
}

// TestTaggingJSONProtocol checks the AWS JSON 1.1 protocol (the AWS CLI's)
// answers as the CBOR one does.
func TestTaggingJSONProtocol(t *testing.T) {
	ts := awssimtest.Start(t)
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	createStack(t, c, "logs", `Resources: {Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: app}}}`)
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/", strings.NewReader(`{"ResourceTypeFilters":["logs"]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "ResourceGroupsTaggingAPI_20170126.GetResources")
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=SIM111111111111/20260101/us-east-1/tagging/aws4_request, SignedHeaders=host, Signature=0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		ResourceTagMappingList []struct{ ResourceARN string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.ResourceTagMappingList) != 1 || out.ResourceTagMappingList[0].ResourceARN != "arn:aws:logs:us-east-1:111111111111:log-group:app" {
		t.Errorf("GetResources over JSON = %+v", out)
	}
}
