package copilotfixture

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"gopkg.in/yaml.v3"
)

// Pipeline is one of Copilot's pipelines and its manifest (YAML).
type Pipeline struct {
	Name     string
	Manifest []byte
}

// A pipeline as Copilot deploys it: the stack pipeline-{app}-{name} in the
// app's account and region, tagged copilot-application and
// copilot-pipeline, holding the CodeStar connection SourceConnection
// (named copilot-{owner}-{repo}, the owner cut to 5 characters and the
// repository to 18, as Copilot names it), the PipelineRole and the
// Pipeline, which Copilot leaves unnamed; the template's Metadata has
// Copilot's version, as Copilot's pipeline templates do.

// pipelineStacks creates the app's pipeline stacks.
func (app App) pipelineStacks(ctx context.Context, api *cloudformation.Client) error {
	for _, p := range app.Pipelines {
		tags := map[string]string{"copilot-application": app.Name, "copilot-pipeline": p.Name}
		body, err := app.pipelineTemplate(p)
		if err != nil {
			return err
		}
		if err := createStack(ctx, api, "pipeline-"+app.Name+"-"+p.Name, body, tags); err != nil {
			return err
		}
	}
	return nil
}

func (app App) pipelineTemplate(p Pipeline) (string, error) {
	var m struct {
		Source struct {
			Provider   string `yaml:"provider"`
			Properties struct {
				Repository string `yaml:"repository"`
				Branch     string `yaml:"branch"`
			} `yaml:"properties"`
		} `yaml:"source"`
	}
	if err := yaml.Unmarshal(p.Manifest, &m); err != nil {
		return "", fmt.Errorf("pipeline %s: %w", p.Name, err)
	}
	parts := strings.Split(strings.TrimSuffix(m.Source.Properties.Repository, "/"), "/")
	if len(parts) < 2 {
		return "", fmt.Errorf("pipeline %s: repository %q has no owner/name", p.Name, m.Source.Properties.Repository)
	}
	owner, repo := cutTo(parts[len(parts)-2], 5), cutTo(parts[len(parts)-1], 18)
	res := map[string]any{
		"SourceConnection": map[string]any{"Type": "AWS::CodeStarConnections::Connection", "Properties": map[string]any{
			"ConnectionName": "copilot-" + owner + "-" + repo, "ProviderType": m.Source.Provider}},
		"PipelineRole": map[string]any{"Type": "AWS::IAM::Role", "Properties": map[string]any{
			"AssumeRolePolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
				"Principal": map[string]any{"Service": "codepipeline.amazonaws.com"}, "Action": "sts:AssumeRole"}}}}},
		"Pipeline": map[string]any{"Type": "AWS::CodePipeline::Pipeline", "Properties": map[string]any{
			"RoleArn":       map[string]any{"Fn::GetAtt": []any{"PipelineRole", "Arn"}},
			"ArtifactStore": map[string]any{"Type": "S3", "Location": "stackset-" + app.Name + "-pipelinebuiltartifactbucket"},
			"Stages": []any{map[string]any{"Name": "Source", "Actions": []any{map[string]any{
				"Name":            "SourceCodeFor-" + app.Name,
				"ActionTypeId":    map[string]any{"Category": "Source", "Owner": "AWS", "Provider": "CodeStarSourceConnection", "Version": "1"},
				"Configuration":   map[string]any{"ConnectionArn": map[string]any{"Ref": "SourceConnection"}, "FullRepositoryId": owner + "/" + repo, "BranchName": m.Source.Properties.Branch},
				"OutputArtifacts": []any{map[string]any{"Name": "SCCheckoutArtifact"}}}}}}}},
	}
	body, _ := json.MarshalIndent(map[string]any{"AWSTemplateFormatVersion": "2010-09-09",
		"Metadata": map[string]any{"Version": "v1.34.0"}, "Resources": res}, "", "  ")
	return string(body), nil
}

func cutTo(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
