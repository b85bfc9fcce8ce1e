package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
)

const retainedRepoTemplate = `Resources:
  Repo:
    Type: AWS::ECR::Repository
    DeletionPolicy: Retain
    Properties: {RepositoryName: app/web}
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {LogGroupName: /app/web}
`

const importRepoTemplate = `Resources:
  Repository:
    Type: AWS::ECR::Repository
    DeletionPolicy: Retain
    Properties: {RepositoryName: app/web}
`

func importInput(stack, name, body string) *cloudformation.CreateChangeSetInput {
	return &cloudformation.CreateChangeSetInput{StackName: aws.String(stack), ChangeSetName: aws.String(name),
		ChangeSetType: types.ChangeSetTypeImport, TemplateBody: aws.String(body),
		ResourcesToImport: []types.ResourceToImport{{ResourceType: aws.String("AWS::ECR::Repository"),
			LogicalResourceId: aws.String("Repository"), ResourceIdentifier: map[string]string{"RepositoryName": "app/web"}}}}
}

// TestImportRetainedRepository checks that a repository a deleted stack
// retained is imported into a new stack with its identity and images, and
// then belongs to that stack.
func TestImportRetainedRepository(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	e := ecr.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	id := aws.ToString(createStack(t, c, "old", retainedRepoTemplate).StackId)
	putImage(t, e, "app/web", "v1", `{"schemaVersion":2}`)
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)

	if _, err := c.CreateChangeSet(ctx, importInput("new", "adopt", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	cs := waitChangeSet(t, c, "new", "adopt")
	if cs.Status != types.ChangeSetStatusCreateComplete || len(cs.Changes) != 1 {
		t.Fatalf("change set %s %q %d changes", cs.Status, aws.ToString(cs.StatusReason), len(cs.Changes))
	}
	rc := cs.Changes[0].ResourceChange
	if rc.Action != types.ChangeActionImport || aws.ToString(rc.PhysicalResourceId) != "app/web" {
		t.Errorf("change = %s %s, want Import app/web", rc.Action, aws.ToString(rc.PhysicalResourceId))
	}
	if st := execute(t, c, "new", "adopt"); st.StackStatus != types.StackStatusImportComplete {
		t.Errorf("status = %s, want IMPORT_COMPLETE", st.StackStatus)
	}
	var got []string
	for _, ev := range events(t, c, "new") {
		got = append(got, aws.ToString(ev.LogicalResourceId)+" "+string(ev.ResourceStatus)+" "+aws.ToString(ev.PhysicalResourceId))
	}
	stackID := aws.ToString(cs.StackId)
	want := []string{"new REVIEW_IN_PROGRESS " + stackID, "new IMPORT_IN_PROGRESS " + stackID,
		"Repository IMPORT_IN_PROGRESS app/web", "Repository IMPORT_COMPLETE app/web", "new IMPORT_COMPLETE " + stackID}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	imgs, err := e.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app/web")})
	if err != nil || len(imgs.ImageDetails) != 1 {
		t.Errorf("images after import: %v %v, want v1 kept", imgs, err)
	}
	// The stack owns it now: a second import finds it managed.
	if _, err := c.CreateChangeSet(ctx, importInput("again", "adopt", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	if cs := waitChangeSet(t, c, "again", "adopt"); cs.Status != types.ChangeSetStatusFailed ||
		aws.ToString(cs.StatusReason) != "Resource app/web of type AWS::ECR::Repository is already managed by stack new" {
		t.Errorf("second import: %s %q", cs.Status, aws.ToString(cs.StatusReason))
	}
}

// TestImportErrors checks the refusals of an import change set.
func TestImportErrors(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	noPolicy := `Resources:
  Repository: {Type: AWS::ECR::Repository, Properties: {RepositoryName: app/web}}
`
	_, err := c.CreateChangeSet(ctx, importInput("s", "cs", noPolicy))
	apiError(t, err, "ValidationError", "The following resources to import [Repository] must have DeletionPolicy attribute specified in the template.")

	_, err = c.CreateChangeSet(ctx, importInput("s", "cs", importRepoTemplate+"  Extra: {Type: AWS::Logs::LogGroup}\n"))
	apiError(t, err, "ValidationError", "As part of the import operation, you cannot modify or add [Extra]")

	if _, err := c.CreateChangeSet(ctx, importInput("s", "cs", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	cs := waitChangeSet(t, c, "s", "cs")
	if want := "Resource of type AWS::ECR::Repository with identifier {RepositoryName=app/web} does not exist"; cs.Status != types.ChangeSetStatusFailed ||
		len(aws.ToString(cs.StatusReason)) < len(want) || aws.ToString(cs.StatusReason)[:len(want)] != want {
		t.Errorf("missing resource: %s %q, want FAILED %q…", cs.Status, aws.ToString(cs.StatusReason), want)
	}
}

// TestImportIntoExistingStack checks an import that adds a retained
// resource to a stack that has others, which stay as they are.
func TestImportIntoExistingStack(t *testing.T) {
	ctx := context.Background()
	_, c := cfnClient(t)
	id := aws.ToString(createStack(t, c, "old", retainedRepoTemplate).StackId)
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)
	host := `Resources:
  Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: /host}}
`
	createStack(t, c, "host", host)
	if _, err := c.CreateChangeSet(ctx, importInput("host", "adopt", host+importRepoTemplate[len("Resources:\n"):])); err != nil {
		t.Fatal(err)
	}
	if cs := waitChangeSet(t, c, "host", "adopt"); cs.Status != types.ChangeSetStatusCreateComplete || len(cs.Changes) != 1 {
		t.Fatalf("change set %s %q %d changes", cs.Status, aws.ToString(cs.StatusReason), len(cs.Changes))
	}
	if st := execute(t, c, "host", "adopt"); st.StackStatus != types.StackStatusImportComplete {
		t.Fatalf("status = %s", st.StackStatus)
	}
	out, err := c.ListStackResources(ctx, &cloudformation.ListStackResourcesInput{StackName: aws.String("host")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range out.StackResourceSummaries {
		got = append(got, aws.ToString(r.LogicalResourceId)+" "+aws.ToString(r.PhysicalResourceId)+" "+string(r.ResourceStatus))
	}
	want := []string{"Logs /host CREATE_COMPLETE", "Repository app/web IMPORT_COMPLETE"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resources (-want +got):\n%s", diff)
	}
}

// TestRetainResourcesThenImport checks that RetainResources works only on
// a stack whose deletion failed, and that what it keeps can be imported.
func TestRetainResourcesThenImport(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	repo := strings.Replace(retainedRepoTemplate, "    DeletionPolicy: Retain\n", "", 1)
	id := aws.ToString(createStack(t, c, "old", repo).StackId)
	retain := &cloudformation.DeleteStackInput{StackName: aws.String("old"), RetainResources: []string{"Repo"}}
	_, err := c.DeleteStack(ctx, retain)
	apiError(t, err, "ValidationError", "RetainResources can only be specified when the stack is in the DELETE_FAILED state")

	ts.FailResource(awssim.ResourceFault{LogicalID: "Repo", Operation: "delete", Reason: "in use"})
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, "old"); st.StackStatus != types.StackStatusDeleteFailed {
		t.Fatalf("status = %s, want DELETE_FAILED", st.StackStatus)
	}
	_, err = c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old"), RetainResources: []string{"Logs"}})
	apiError(t, err, "ValidationError", "The specified resources to retain must be in a valid state. Do not specify resources that are in the DELETE_COMPLETE state.")
	if _, err := c.DeleteStack(ctx, retain); err != nil {
		t.Fatal(err)
	}
	if st := waitStack(t, c, id); st.StackStatus != types.StackStatusDeleteComplete {
		t.Fatalf("status = %s, want DELETE_COMPLETE", st.StackStatus)
	}
	if _, err := c.CreateChangeSet(ctx, importInput("new", "adopt", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	if cs := waitChangeSet(t, c, "new", "adopt"); cs.Status != types.ChangeSetStatusCreateComplete {
		t.Fatalf("change set %s %q", cs.Status, aws.ToString(cs.StatusReason))
	}
}

// TestImportFailureRollsBack checks that a resource that fails to import
// rolls the import back, and is left to be imported again.
func TestImportFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	id := aws.ToString(createStack(t, c, "old", retainedRepoTemplate).StackId)
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)
	ts.FailResource(awssim.ResourceFault{LogicalID: "Repository", Operation: "import", Reason: "not found by the handler"})
	if _, err := c.CreateChangeSet(ctx, importInput("new", "adopt", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	waitChangeSet(t, c, "new", "adopt")
	if st := execute(t, c, "new", "adopt"); st.StackStatus != types.StackStatusImportRollbackComplete {
		t.Fatalf("status = %s, want IMPORT_ROLLBACK_COMPLETE", st.StackStatus)
	}
	wantReason(t, c, "new", "Repository", "not found by the handler")
	var got []string
	for _, ev := range events(t, c, "new") {
		got = append(got, aws.ToString(ev.LogicalResourceId)+" "+string(ev.ResourceStatus)+" "+aws.ToString(ev.ResourceStatusReason))
	}
	want := []string{"new REVIEW_IN_PROGRESS User Initiated", "new IMPORT_IN_PROGRESS User Initiated", "Repository IMPORT_IN_PROGRESS ",
		"Repository IMPORT_FAILED not found by the handler", "new IMPORT_ROLLBACK_IN_PROGRESS The following resource(s) failed to import: [Repository]. ",
		"Repository IMPORT_ROLLBACK_IN_PROGRESS ", "Repository IMPORT_ROLLBACK_COMPLETE ", "new IMPORT_ROLLBACK_COMPLETE "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	ts.ClearResourceFaults()
	if _, err := c.CreateChangeSet(ctx, importInput("again", "adopt", importRepoTemplate)); err != nil {
		t.Fatal(err)
	}
	if cs := waitChangeSet(t, c, "again", "adopt"); cs.Status != types.ChangeSetStatusCreateComplete {
		t.Errorf("second import: %s %q", cs.Status, aws.ToString(cs.StatusReason))
	}
}

// TestRetainPolicyOnlyUpdate checks that an update whose only change is a
// resource's DeletionPolicy is performed (the first step of moving a
// resource to another stack, as CloudFormation documents it): the
// resource is untouched, and the stack's deletion then skips it, images
// kept, ready for import.
func TestRetainPolicyOnlyUpdate(t *testing.T) {
	ctx := context.Background()
	ts, c := cfnClient(t)
	e := ecr.NewFromConfig(ts.Config(testAccount, "us-east-1"))
	plain := strings.Replace(retainedRepoTemplate, "    DeletionPolicy: Retain\n", "", 1)
	id := aws.ToString(createStack(t, c, "old", plain).StackId)
	putImage(t, e, "app/web", "v1", `{"schemaVersion":2}`)
	if _, err := c.UpdateStack(ctx, &cloudformation.UpdateStackInput{StackName: aws.String("old"), TemplateBody: aws.String(retainedRepoTemplate)}); err != nil {
		t.Fatalf("an update of the DeletionPolicy alone: %v", err)
	}
	if st := waitStack(t, c, id); st.StackStatus != types.StackStatusUpdateComplete {
		t.Fatalf("status = %s, want UPDATE_COMPLETE", st.StackStatus)
	}
	for _, ev := range events(t, c, id) {
		if aws.ToString(ev.LogicalResourceId) == "Repo" && strings.HasPrefix(string(ev.ResourceStatus), "UPDATE") {
			t.Errorf("the repository changed: %s", ev.ResourceStatus)
		}
	}
	if _, err := c.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String("old")}); err != nil {
		t.Fatal(err)
	}
	waitStack(t, c, id)
	var skipped bool
	for _, ev := range events(t, c, id) {
		skipped = skipped || aws.ToString(ev.LogicalResourceId) == "Repo" && ev.ResourceStatus == types.ResourceStatusDeleteSkipped
	}
	if !skipped {
		t.Error("the repository was not retained (no DELETE_SKIPPED)")
	}
	imgs, err := e.DescribeImages(ctx, &ecr.DescribeImagesInput{RepositoryName: aws.String("app/web")})
	if err != nil || len(imgs.ImageDetails) != 1 {
		t.Fatalf("images after the delete: %v, %v", imgs, err)
	}
}
