package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	tagtypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// A Copilot application in miniature: the infrastructure stack set, an
// environment stack whose controller is a Lambda-backed custom resource
// answering the environment's outputs, and a workload stack with a nested
// addons stack.
const (
	scenarioEnv = `Metadata: {Version: v1.34.0}
Resources:
  Cluster: {Type: AWS::ECS::Cluster}
  EnvControllerFunction:
    Type: AWS::Lambda::Function
    Properties: {Handler: index.handler, Runtime: nodejs20.x, Role: "arn:aws:iam::111111111111:role/r", Code: {ZipFile: "x"}}
Outputs:
  ClusterId: {Value: !Ref Cluster, Export: {Name: shop-test-ClusterId}}
  EnvControllerArn: {Value: !GetAtt EnvControllerFunction.Arn, Export: {Name: shop-test-EnvControllerArn}}
`
	scenarioWorkload = `Metadata: {Version: v1.34.0}
Resources:
  EnvControllerAction:
    Type: Custom::EnvControllerFunction
    Properties: {ServiceToken: !ImportValue shop-test-EnvControllerArn, Workload: web}
  AddonsStack:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: "https://stackset-shop-bucket.s3.us-east-1.amazonaws.com/addons.yml"}
  Cluster:
    Type: AWS::SSM::Parameter
    Properties: {Name: /shop/test/web/cluster, Type: String, Value: !GetAtt EnvControllerAction.ClusterId}
`
	scenarioAddons = `Resources:
  Table:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    Properties:
      TableName: shop-test-web-items
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      BillingMode: PAY_PER_REQUEST
`
)

// TestCopilotShapedApplication runs the pieces adopt needs together: the
// stack set's instance, the environment controller's requests, the nested
// addons stack, the tagging API, and a retained resource imported back.
func TestCopilotShapedApplication(t *testing.T) {
	ctx := context.Background()
	ts := awssimtest.Start(t)
	c := cloudformation.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	tags := []types.Tag{{Key: aws.String("copilot-application"), Value: aws.String("shop")}}
	if _, err := c.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String("shop-infrastructure"),
		TemplateBody: aws.String(`Resources: {PipelineBuiltArtifactBucket: {Type: AWS::S3::Bucket, Properties: {BucketName: stackset-shop-bucket}}}`), Tags: tags}); err != nil {
		t.Fatal(err)
	}
	op, err := c.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String("shop-infrastructure"),
		Accounts: []string{testAccount}, Regions: []string{"us-east-1"}})
	if err != nil {
		t.Fatal(err)
	}
	waitOperation(t, c, "shop-infrastructure", aws.ToString(op.OperationId))
	if _, err := s3Client(ts, testAccount, "us-east-1").PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("stackset-shop-bucket"),
		Key: aws.String("addons.yml"), Body: strings.NewReader(scenarioAddons)}); err != nil {
		t.Fatal(err)
	}

	createTagged(t, c, "shop-test", scenarioEnv, tags)
	ts.SetCustomResourceResponse(awssim.CustomResourceResponse{Type: "Custom::EnvControllerFunction", OutputsOf: "shop-test"})
	web := createTagged(t, c, "shop-test-web", scenarioWorkload, append(tags, types.Tag{Key: aws.String("copilot-service"), Value: aws.String("web")}))
	if web.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("workload = %s %s", web.StackStatus, aws.ToString(web.StackStatusReason))
	}

	env := waitStack(t, c, "shop-test")
	if got := get(t, ssm.NewFromConfig(ts.Config(testAccount, "us-east-1")), "/shop/test/web/cluster"); got != aws.ToString(env.Outputs[0].OutputValue) {
		t.Errorf("EnvControllerAction.ClusterId = %q, want the environment's output %q", got, aws.ToString(env.Outputs[0].OutputValue))
	}
	tg := tagging.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	found, err := tg.GetResources(ctx, &tagging.GetResourcesInput{ResourceTypeFilters: []string{"cloudformation:stack"},
		TagFilters: []tagtypes.TagFilter{{Key: aws.String("copilot-application"), Values: []string{"shop"}}}})
	// The instance, the environment, the workload and its addons, which
	// has its parent's tags.
	if err != nil || len(found.ResourceTagMappingList) != 4 {
		t.Errorf("stacks by tag = %d %v, want 4", len(found.ResourceTagMappingList), err)
	}

	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("shop-test-web")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, aws.ToString(web.StackId))
	var requests []string
	for _, inv := range ts.CustomResourceInvocations() {
		requests = append(requests, inv.RequestType+" "+inv.LogicalResourceID)
	}
	if got := strings.Join(requests, ", "); got != "Create EnvControllerAction, Delete EnvControllerAction" {
		t.Errorf("environment controller requests = %s", got)
	}
	importTable := &cloudformation.CreateChangeSetInput{StackName: aws.String("adopted"), ChangeSetName: aws.String("adopt"),
		ChangeSetType: types.ChangeSetTypeImport, TemplateBody: aws.String(scenarioAddons),
		ResourcesToImport: []types.ResourceToImport{{ResourceType: aws.String("AWS::DynamoDB::Table"), LogicalResourceId: aws.String("Table"),
			ResourceIdentifier: map[string]string{"TableName": "shop-test-web-items"}}}}
	if _, err := c.CreateChangeSet(ctx, importTable); err != nil {
		t.Fatal(err)
	}
	waitChangeSet(t, c, "adopted", "adopt")
	if st := execute(t, c, "adopted", "adopt"); st.StackStatus != types.StackStatusImportComplete {
		t.Errorf("import of the addon's table = %s", st.StackStatus)
	}
}

func createTagged(t *testing.T, c *cloudformation.Client, name, body string, tags []types.Tag) types.Stack {
	t.Helper()
	if _, err := c.CreateStack(context.Background(), &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(body), Tags: tags}); err != nil {
		t.Fatalf("CreateStack %s: %v", name, err)
	}
	return waitStack(t, c, name)
}
