package awssim_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

const importerTemplate = `{"Resources": {"Subnet": {"Type": "AWS::EC2::Subnet",
  "Properties": {"VpcId": {"Fn::ImportValue": "net-vpc"}, "CidrBlock": "10.0.9.0/24"}}}}`

func TestExportsAndImports(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	net := createStack(t, c, "net", vpcTemplate)
	exports, err := c.ListExports(ctx, &cloudformation.ListExportsInput{})
	if err != nil || len(exports.Exports) != 1 || aws.ToString(exports.Exports[0].Name) != "net-vpc" ||
		aws.ToString(exports.Exports[0].ExportingStackId) != aws.ToString(net.StackId) {
		t.Fatalf("ListExports = %+v, %v", exports, err)
	}
	if st := createStack(t, c, "app", importerTemplate); st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("importer: %s", st.StackStatus)
	}
	imports, err := c.ListImports(ctx, &cloudformation.ListImportsInput{ExportName: aws.String("net-vpc")})
	if err != nil || len(imports.Imports) != 1 || imports.Imports[0] != "app" {
		t.Fatalf("ListImports = %v, %v", imports, err)
	}

	// Removing the export in use fails the update, which rolls back.
	noExport := strings.Replace(vpcTemplate, `, "Export": {"Name": "net-vpc"}`, "", 1)
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("net"), TemplateBody: aws.String(noExport)}); err != nil {
		t.Fatal(err)
	}
	st := waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusUpdateRollbackComplete {
		t.Fatalf("update removing a used export: %s", st.StackStatus)
	}
	var reason string
	for _, e := range events(t, c, "net") {
		if e.ResourceStatus == "UPDATE_ROLLBACK_IN_PROGRESS" {
			reason = aws.ToString(e.ResourceStatusReason)
		}
	}
	if reason != "Export net-vpc cannot be deleted as it is in use by app" {
		t.Errorf("rollback reason = %q", reason)
	}

	// Deleting the exporting stack fails.
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("net")}); err != nil {
		t.Fatal(err)
	}
	st = waitStack(t, c, "net")
	if st.StackStatus != types.StackStatusDeleteFailed || aws.ToString(st.StackStatusReason) != "Export net-vpc cannot be deleted as it is in use by app" {
		t.Fatalf("delete of exporting stack: %s: %s", st.StackStatus, aws.ToString(st.StackStatusReason))
	}

	// A second stack exporting the same name fails and rolls back.
	dup := createStack(t, c, "dup", strings.Replace(vpcTemplate, "/app/logs", "/dup/logs", 1))
	if dup.StackStatus != types.StackStatusRollbackComplete {
		t.Fatalf("duplicate export: %s", dup.StackStatus)
	}
}

func TestImportOfMissingExportFailsChangeSet(t *testing.T) {
	_, c := cfnClient(t)
	cs := createChangeSet(t, c, "app", "cs", "CREATE", importerTemplate)
	if cs.Status != types.ChangeSetStatusFailed || aws.ToString(cs.StatusReason) != "No export named net-vpc found." {
		t.Fatalf("change set = %s: %s", cs.Status, aws.ToString(cs.StatusReason))
	}
}

func TestDescribeStacksPagination(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	body := `{"Resources": {"P": {"Type": "AWS::SSM::Parameter", "Properties": {"Type": "String", "Value": "v"}}}}`
	for i := range 105 {
		if _, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(fmt.Sprintf("s%03d", i)), TemplateBody: aws.String(body)}); err != nil {
			t.Fatal(err)
		}
	}
	var n, pages int
	p := cloudformation.NewDescribeStacksPaginator(c, &cloudformation.DescribeStacksInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n, pages = n+len(out.Stacks), pages+1
	}
	if n != 105 || pages != 2 {
		t.Fatalf("DescribeStacks paginated %d stacks in %d pages", n, pages)
	}
	ls, err := c.ListStacks(ctx, &cloudformation.ListStacksInput{})
	if err != nil || len(ls.StackSummaries) != 100 || ls.NextToken == nil {
		t.Fatalf("ListStacks page = %d, %v", len(ls.StackSummaries), err)
	}
}
