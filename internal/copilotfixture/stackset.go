package copilotfixture

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"gopkg.in/yaml.v3"

	"flightplan/cloud"
)

// The stack {app}-infrastructure-roles and the stack set
// {app}-infrastructure, in the application's account and
// region, with one instance per region of an environment, in the
// application's account: per instance, the KMS key and the pipeline
// bucket, and an ECR repository {app}/{workload} per workload Copilot
// builds, logical IDs as Copilot's app template names them (KMSKey,
// PipelineBuiltArtifactBucket, ECRRepo{workload}). Each repository gets
// one image, tagged "copilot".

// stackSet creates the stack set and its instances and waits for them,
// then pushes the images.
func (app App) stackSet(ctx context.Context, p *cloud.Provider) error {
	home, err := p.For(ctx, cloud.Target{Account: app.Account, Region: app.Region})
	if err != nil {
		return err
	}
	if err := createStack(ctx, home.CFN, app.Name+"-infrastructure-roles", app.rolesTemplate(), map[string]string{"copilot-application": app.Name}); err != nil {
		return err
	}
	name := app.Name + "-infrastructure"
	_, err = home.CFN.CreateStackSet(ctx, &cloudformation.CreateStackSetInput{StackSetName: aws.String(name), TemplateBody: aws.String(app.stackSetTemplate()),
		Tags:                  []cfntypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String(app.Name)}},
		AdministrationRoleARN: aws.String(fmt.Sprintf("arn:aws:iam::%s:role/%s-adminrole", app.Account, app.Name)),
		ExecutionRoleName:     aws.String(app.Name + "-executionrole"), PermissionModel: cfntypes.PermissionModelsSelfManaged})
	if err != nil {
		return fmt.Errorf("creating stack set %s: %w", name, err)
	}
	out, err := home.CFN.CreateStackInstances(ctx, &cloudformation.CreateStackInstancesInput{StackSetName: aws.String(name),
		Accounts: []string{app.Account}, Regions: app.regions()})
	if err != nil {
		return fmt.Errorf("creating the instances of %s: %w", name, err)
	}
	if err := waitOperation(ctx, home.CFN, name, aws.ToString(out.OperationId)); err != nil {
		return err
	}
	for _, region := range app.regions() {
		c, err := p.For(ctx, cloud.Target{Account: app.Account, Region: region})
		if err != nil {
			return err
		}
		if err := app.pushImages(ctx, c.ECR); err != nil {
			return err
		}
	}
	return nil
}

// regions are the regions of the environments, each once, sorted.
func (app App) regions() []string {
	var r []string
	for _, e := range app.Envs {
		if !slices.Contains(r, e.Region) {
			r = append(r, e.Region)
		}
	}
	slices.Sort(r)
	return r
}

// waitOperation polls a stack set operation until it ends.
func waitOperation(ctx context.Context, api *cloudformation.Client, set, id string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		out, err := api.DescribeStackSetOperation(ctx, &cloudformation.DescribeStackSetOperationInput{StackSetName: aws.String(set), OperationId: aws.String(id)})
		if err != nil {
			return fmt.Errorf("waiting for stack set %s: %w", set, err)
		}
		switch out.StackSetOperation.Status {
		case cfntypes.StackSetOperationStatusSucceeded:
			return nil
		case cfntypes.StackSetOperationStatusFailed, cfntypes.StackSetOperationStatusStopped:
			return fmt.Errorf("stack set %s: operation %s", set, out.StackSetOperation.Status)
		}
		if err := cloud.Sleep(ctx, 10*time.Millisecond); err != nil {
			return fmt.Errorf("waiting for stack set %s: %w", set, err)
		}
	}
}

// pushImages pushes one image, tagged "copilot", to every repository.
func (app App) pushImages(ctx context.Context, api *ecr.Client) error {
	for _, w := range app.built() {
		repo := app.Name + "/" + w
		manifest := fmt.Sprintf(`{"schemaVersion":2,"config":{"digest":"sha256:%x"}}`, []byte(repo))
		_, err := api.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(repo), ImageManifest: aws.String(manifest), ImageTag: aws.String("copilot")})
		if err != nil {
			return fmt.Errorf("pushing to %s: %w", repo, err)
		}
	}
	return nil
}

// built are the workloads whose manifest builds an image.
func (app App) built() []string {
	var names []string
	for _, w := range app.Workloads {
		var m struct {
			Image struct {
				Build any `yaml:"build"`
			} `yaml:"image"`
		}
		if yaml.Unmarshal(w.Manifest, &m) == nil && m.Image.Build != nil {
			names = append(names, w.Name)
		}
	}
	return names
}

// stackSetTemplate is the stack set's template (JSON), resource names and
// properties after Copilot's app template.
func (app App) stackSetTemplate() string {
	res := map[string]any{
		"KMSKey": map[string]any{"Type": "AWS::KMS::Key", "Properties": map[string]any{"EnableKeyRotation": true,
			"KeyPolicy": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
				"Principal": map[string]any{"AWS": map[string]any{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}},
				"Action":    []any{"kms:*"}, "Resource": "*"}}}}},
		"PipelineBuiltArtifactBucket": map[string]any{"Type": "AWS::S3::Bucket", "Properties": map[string]any{
			"VersioningConfiguration": map[string]any{"Status": "Enabled"},
			"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{
				"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": map[string]any{"Fn::GetAtt": []any{"KMSKey", "Arn"}}}}}}}},
	}
	var workloads []any
	for _, w := range app.built() {
		workloads = append(workloads, map[string]any{"Name": w, "WithECR": true})
		res["ECRRepo"+alnum(w)] = map[string]any{"Type": "AWS::ECR::Repository", "Properties": map[string]any{
			"RepositoryName": app.Name + "/" + w,
			"Tags":           []any{map[string]any{"Key": "copilot-service", "Value": w}}}}
	}
	body, _ := json.MarshalIndent(map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description":              "Cross-regional resources to support the CodePipeline for a workspace",
		"Metadata":                 map[string]any{"TemplateVersion": "v1.34.0", "Version": 3, "Workloads": workloads, "Accounts": []any{}},
		"Resources":                res,
	}, "", "  ")
	return string(body)
}

// alnum drops the non-alphanumeric characters of a name, as Copilot's
// logicalIDSafe does.
func alnum(s string) string {
	var b []rune
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b = append(b, r)
		}
	}
	return string(b)
}

// rolesTemplate is the stack {app}-infrastructure-roles: the stack set's
// administration and execution roles, named as Copilot names them, and the
// app's hosted zone (domain.go).
func (app App) rolesTemplate() string {
	admin, exec := app.Name+"-adminrole", app.Name+"-executionrole"
	res := map[string]any{
		"AdministrationRole": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{"RoleName": admin,
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
				"Principal": map[string]any{"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}}}}},
		"ExecutionRole": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{"RoleName": exec,
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
				"Principal": map[string]any{"AWS": map[string]any{"Fn::GetAtt": []any{"AdministrationRole", "Arn"}}}, "Action": "sts:AssumeRole"}}}}},
	}
	app.appZone(res)
	body, _ := json.MarshalIndent(map[string]any{"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}, "", "  ")
	return string(body)
}
