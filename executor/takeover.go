package executor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/awsspec"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// The take-over of Copilot's stack set instance by a region stack (see
// planner/diff_takeover.go): retain, let go, import. The update to the full
// template that follows is the node's ordinary apply.

// stackSetAPI is the part of CloudFormation a take-over calls in the stack
// set's region.
type stackSetAPI interface {
	DescribeStackSet(context.Context, *cloudformation.DescribeStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackSetOutput, error)
	UpdateStackSet(context.Context, *cloudformation.UpdateStackSetInput, ...func(*cloudformation.Options)) (*cloudformation.UpdateStackSetOutput, error)
	DeleteStackInstances(context.Context, *cloudformation.DeleteStackInstancesInput, ...func(*cloudformation.Options)) (*cloudformation.DeleteStackInstancesOutput, error)
	DescribeStackSetOperation(context.Context, *cloudformation.DescribeStackSetOperationInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackSetOperationOutput, error)
}

// resourcesAPI lists a stack's resources (the instance's physical IDs).
type resourcesAPI interface {
	DescribeStackResources(context.Context, *cloudformation.DescribeStackResourcesInput, ...func(*cloudformation.Options)) (*cloudformation.DescribeStackResourcesOutput, error)
}

// takeoverOp moves the instance's resources into the region stack.
type takeoverOp struct {
	op      *stackOp
	set     stackSetAPI
	res     resourcesAPI
	t       *planner.Takeover
	account string
}

// run does steps 1–3 unless the region stack exists already (a take-over
// that an earlier apply finished up to the import).
func (k *takeoverOp) run(ctx context.Context, desired *stacks.Stack) error {
	live, err := k.op.settled(ctx)
	if err != nil || live != nil {
		return err
	}
	inst, err := k.op.describe(ctx, k.t.Instance)
	if err != nil {
		return err
	}
	if inst == nil {
		return fmt.Errorf("stack %s: the take-over imports from %s, which no longer exists; its resources may be retained and unmanaged: plan again, and import them by hand if the plan would create them anew", k.op.name, k.t.Instance)
	}
	if ctx.Err() != nil {
		return ErrInterrupted
	}
	work := context.WithoutCancel(ctx)
	ids, err := k.physicalIDs(work, inst.id)
	if err != nil {
		return err
	}
	k.report("UPDATE_IN_PROGRESS", "DeletionPolicy Retain on every resource of "+k.t.Instance)
	if err := k.retain(work); err != nil {
		return err
	}
	if err := k.checkRetained(work, inst.id); err != nil {
		return err
	}
	k.report("DELETE_IN_PROGRESS", "deleting the instance "+k.t.Instance+"; its resources stay")
	if err := k.letGo(work); err != nil {
		return err
	}
	k.report("DELETE_COMPLETE", "the instance's resources are retained, managed by no stack until the import")
	return k.importInto(work, desired, ids)
}

// report shows a step of the stack set's to the progress hooks.
func (k *takeoverOp) report(status, reason string) {
	k.op.hooks.NodeEvent(k.op.a, Event{Time: time.Now(), LogicalID: k.t.StackSet, Type: "AWS::CloudFormation::StackSet", Status: status, Reason: reason})
}

// checkRetained reads the instance's template back and stops the
// take-over, before anything is deleted, unless every resource it holds
// is retained.
func (k *takeoverOp) checkRetained(ctx context.Context, stackID string) error {
	api, ok := k.op.api.(templateAPI)
	if !ok {
		return fmt.Errorf("stack %s: the take-over needs GetTemplate, which this client lacks", k.op.name)
	}
	out, err := api.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(stackID), TemplateStage: types.TemplateStageOriginal})
	if err != nil {
		return fmt.Errorf("reading the template of %s: %w", k.t.Instance, cloud.Unwrap(err))
	}
	doc, err := awsspec.ParseTemplate([]byte(aws.ToString(out.TemplateBody)))
	if err != nil {
		return fmt.Errorf("reading the template of %s: %w", k.t.Instance, err)
	}
	res, _ := doc["Resources"].(map[string]any)
	for id, r := range res {
		if m, _ := r.(map[string]any); m["DeletionPolicy"] != "Retain" {
			return fmt.Errorf("stack %s: after the stack set's update, %s of %s is not retained; nothing was deleted: check the stack set's last operation, then apply again", k.op.name, id, k.t.Instance)
		}
	}
	return nil
}

// physicalIDs maps the instance's logical IDs to physical IDs.
func (k *takeoverOp) physicalIDs(ctx context.Context, stackID string) (map[string]string, error) {
	out, err := k.res.DescribeStackResources(ctx, &cloudformation.DescribeStackResourcesInput{StackName: aws.String(stackID)})
	if err != nil {
		return nil, fmt.Errorf("reading the resources of %s: %w", k.t.Instance, cloud.Unwrap(err))
	}
	ids := map[string]string{}
	for _, r := range out.StackResources {
		ids[aws.ToString(r.LogicalResourceId)] = aws.ToString(r.PhysicalResourceId)
	}
	return ids, nil
}

// retain updates the stack set's instance so that every resource has
// DeletionPolicy Retain.
func (k *takeoverOp) retain(ctx context.Context) error {
	out, err := k.set.DescribeStackSet(ctx, &cloudformation.DescribeStackSetInput{StackSetName: aws.String(k.t.StackSet)})
	if err != nil {
		return fmt.Errorf("reading stack set %s: %w", k.t.StackSet, cloud.Unwrap(err))
	}
	ss := out.StackSet
	// The update runs even when the stack set's template retains
	// everything already: another region's take-over changed the template
	// and updated only its own instance.
	body, err := retainAll([]byte(aws.ToString(ss.TemplateBody)))
	if err != nil {
		return err
	}
	var params []types.Parameter
	for _, p := range ss.Parameters {
		params = append(params, types.Parameter{ParameterKey: p.ParameterKey, UsePreviousValue: aws.Bool(true)})
	}
	in := &cloudformation.UpdateStackSetInput{StackSetName: aws.String(k.t.StackSet), TemplateBody: aws.String(string(body)),
		Parameters: params, Capabilities: ss.Capabilities, AdministrationRoleARN: ss.AdministrationRoleARN, ExecutionRoleName: ss.ExecutionRoleName,
		Accounts: []string{k.account}, Regions: []string{k.op.region}, Description: ss.Description}
	return k.operation(ctx, "updating stack set "+k.t.StackSet, func() (*string, error) {
		o, err := k.set.UpdateStackSet(ctx, in)
		if err != nil {
			return nil, err
		}
		return o.OperationId, nil
	})
}

// letGo deletes the instance from the stack set; its stack goes with it,
// its resources (retained) stay.
func (k *takeoverOp) letGo(ctx context.Context) error {
	in := &cloudformation.DeleteStackInstancesInput{StackSetName: aws.String(k.t.StackSet), Accounts: []string{k.account},
		Regions: []string{k.op.region}, RetainStacks: aws.Bool(false)}
	return k.operation(ctx, "deleting the instance "+k.t.Instance+" of stack set "+k.t.StackSet, func() (*string, error) {
		o, err := k.set.DeleteStackInstances(ctx, in)
		if err != nil {
			return nil, err
		}
		return o.OperationId, nil
	})
}

// operation starts a stack set operation, waiting for another one in
// progress (another region's take-over) to end first, and waits for it.
func (k *takeoverOp) operation(ctx context.Context, what string, start func() (*string, error)) error {
	ctx, cancel := context.WithTimeout(ctx, k.op.timeout)
	defer cancel()
	var id *string
	for {
		var err error
		if id, err = start(); err == nil {
			break
		}
		if !cloud.IsCode(err, "OperationInProgressException") {
			return fmt.Errorf("%s: %w", what, cloud.Unwrap(err))
		}
		if err := cloud.Sleep(ctx, k.op.poll); err != nil {
			return fmt.Errorf("%s: waiting for another operation on the stack set: %w", what, err)
		}
	}
	for {
		if err := cloud.Sleep(ctx, k.op.poll); err != nil {
			return fmt.Errorf("%s: waiting for it to end: %w", what, err)
		}
		out, err := k.set.DescribeStackSetOperation(ctx, &cloudformation.DescribeStackSetOperationInput{StackSetName: aws.String(k.t.StackSet), OperationId: id})
		if err != nil {
			return fmt.Errorf("%s: %w", what, cloud.Unwrap(err))
		}
		switch out.StackSetOperation.Status {
		case types.StackSetOperationStatusSucceeded:
			return nil
		case types.StackSetOperationStatusFailed, types.StackSetOperationStatusStopped:
			return fmt.Errorf("%s: the operation %s: %s", what, out.StackSetOperation.Status, aws.ToString(out.StackSetOperation.StatusReason))
		}
	}
}

// retainAll sets DeletionPolicy Retain on every resource of a template
// (JSON or YAML) and returns it as JSON.
func retainAll(body []byte) ([]byte, error) {
	doc, err := awsspec.ParseTemplate(body)
	if err != nil {
		return nil, fmt.Errorf("reading the stack set's template: %w", err)
	}
	res, _ := doc["Resources"].(map[string]any)
	for _, r := range res {
		if m, ok := r.(map[string]any); ok {
			m["DeletionPolicy"] = "Retain"
		}
	}
	return json.Marshal(doc)
}

// importIdentifier is the ResourceIdentifier key of each importable type.
var importIdentifier = map[string]string{
	"AWS::ECR::Repository": "RepositoryName",
	"AWS::S3::Bucket":      "BucketName",
	"AWS::KMS::Key":        "KeyId",
}

// importInto creates the region stack by an IMPORT change set that holds
// the imported resources only, each retained until the next update.
func (k *takeoverOp) importInto(ctx context.Context, desired *stacks.Stack, ids map[string]string) error {
	doc, err := awsspec.ParseTemplate(desired.Template)
	if err != nil {
		return err
	}
	all, _ := doc["Resources"].(map[string]any)
	res := map[string]any{}
	var imports []types.ResourceToImport
	for _, im := range k.t.Imports {
		r, ok := all[im.LogicalID].(map[string]any)
		if !ok || ids[im.From] == "" {
			return fmt.Errorf("stack %s: the take-over imports %s from %s, which is not there", k.op.name, im.LogicalID, im.From)
		}
		res[im.LogicalID] = importDefinition(im.Type, r)
		imports = append(imports, types.ResourceToImport{ResourceType: aws.String(im.Type), LogicalResourceId: aws.String(im.LogicalID),
			ResourceIdentifier: map[string]string{importIdentifier[im.Type]: ids[im.From]}})
	}
	tmpl := map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}
	if d, ok := doc["Description"]; ok {
		tmpl["Description"] = d
	}
	body, err := json.Marshal(tmpl)
	if err != nil {
		return err
	}
	// An import is made in standard mode: it changes no resource, and the
	// update after it carries the environment's modes.
	in := changeSetInput(k.op.name, &stacks.Stack{Name: desired.Name, Template: body, Tags: desired.Tags}, types.ChangeSetTypeImport, deployModes{})
	in.ResourcesToImport = imports
	in.ChangeSetName = aws.String(fmt.Sprintf("flightplan-import-%d", time.Now().UnixNano()))
	return k.op.runChangeSet(ctx, in)
}

// importKeeps are the properties an import template keeps of the region
// stack's definition: the identifying name, and what CloudFormation
// requires. The rest comes with the update that follows, so that
// CloudFormation applies flightplan's settings to the imported resources
// (an import itself changes no property, and a template that already said
// them would leave the update nothing to apply).
var importKeeps = map[string][]string{
	"AWS::ECR::Repository": {"RepositoryName"},
	"AWS::KMS::Key":        {"KeyPolicy"},
}

// importDefinition is a resource as the import template declares it:
// retained, with the properties of importKeeps only.
func importDefinition(typ string, r map[string]any) map[string]any {
	props, _ := r["Properties"].(map[string]any)
	keep := map[string]any{}
	for _, name := range importKeeps[typ] {
		if v, ok := props[name]; ok {
			keep[name] = v
		}
	}
	out := map[string]any{"Type": typ, "DeletionPolicy": "Retain"}
	if len(keep) > 0 {
		out["Properties"] = keep
	}
	return out
}

// errEmptyChangeSet is what runChangeSet returns for a change set with
// nothing in it.
var errEmptyChangeSet = errors.New("the change set holds no change")
