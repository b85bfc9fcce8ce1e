package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	smithy "github.com/aws/smithy-go"
	"gopkg.in/yaml.v3"

	"flightplan/adopt"
	"flightplan/cloud"
)

// ReadCopilot reads a Copilot application as Copilot left it, for adopt:
// its SSM documents in appT (the application, its environments and its
// workloads), which workloads run in which environment (their stacks
// {app}-{env}-{name} exist), and each manifest — from ws when it has it,
// else from Metadata.Manifest of the deployed template, as Copilot
// embeds it. Every account is checked (p.Guard) before it is read.
func ReadCopilot(ctx context.Context, p *cloud.Provider, app string, appT cloud.Target, ws *adopt.Workspace) (*adopt.Application, error) {
	if err := p.Guard(ctx, appT); err != nil {
		return nil, err
	}
	c, err := p.For(ctx, appT)
	if err != nil {
		return nil, err
	}
	docs, err := copilotDocuments(ctx, c.SSM, app)
	if err != nil {
		return nil, err
	}
	a, err := docs.application(app, appT)
	if err != nil {
		return nil, err
	}
	for i := range a.Envs {
		if err := readCopilotEnv(ctx, p, appT, a, &a.Envs[i], ws); err != nil {
			return nil, err
		}
	}
	if err := fillManifests(a, ws); err != nil {
		return nil, err
	}
	return a, pipelineConnections(ctx, c.CFN, a)
}

// pipelineConnections reads the CodeStar connection of each deployed
// pipeline (SourceConnection of pipeline-{app}-{name}), which the adopted
// file names by ARN so that the pipeline keeps it.
func pipelineConnections(ctx context.Context, api *cloudformation.Client, a *adopt.Application) error {
	for i := range a.Pipelines {
		pl := &a.Pipelines[i]
		out, err := api.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{
			StackName: aws.String("pipeline-" + a.Name + "-" + pl.StackName()), LogicalResourceId: aws.String("SourceConnection")})
		var ae smithy.APIError
		if errors.As(err, &ae) && ae.ErrorCode() == "ValidationError" {
			continue // not deployed, or no connection of its own (CodeCommit, or an existing connection)
		}
		if err != nil {
			return fmt.Errorf("reading the connection of pipeline %s: %w", pl.StackName(), cloud.Unwrap(err))
		}
		pl.ConnectionARN = aws.ToString(out.StackResourceDetail.PhysicalResourceId)
	}
	return nil
}

// copilotDocs are the documents under /copilot/applications/{app}.
type copilotDocs struct {
	app        string            // the application's own document
	envs       map[string]string // by environment name
	components map[string]string // by workload name
	order      []string          // the workloads' names, in SSM's order
	envOrder   []string
}

func copilotDocuments(ctx context.Context, api ssmAPI, app string) (*copilotDocs, error) {
	root := "/copilot/applications/" + app
	got, err := api.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{root}})
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", root, cloud.Unwrap(err))
	}
	if len(got.Parameters) == 0 {
		return nil, &NoCopilotAppError{App: app, Parameter: root}
	}
	d := &copilotDocs{app: aws.ToString(got.Parameters[0].Value), envs: map[string]string{}, components: map[string]string{}}
	in := &ssm.GetParametersByPathInput{Path: aws.String(root), Recursive: aws.Bool(true)}
	for pg := ssm.NewGetParametersByPathPaginator(api, in); pg.HasMorePages(); {
		out, err := pg.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading the documents under %s: %w", root, cloud.Unwrap(err))
		}
		for _, prm := range out.Parameters {
			d.add(root, aws.ToString(prm.Name), aws.ToString(prm.Value))
		}
	}
	return d, nil
}

func (d *copilotDocs) add(root, name, value string) {
	dir, base := path.Split(strings.TrimPrefix(name, root))
	switch dir {
	case "/environments/":
		d.envs[base] = value
		d.envOrder = append(d.envOrder, base)
	case "/components/":
		d.components[base] = value
		d.order = append(d.order, base)
	}
}

// NoCopilotAppError says that no Copilot application of that name is in
// the account and region read.
type NoCopilotAppError struct{ App, Parameter string }

func (e *NoCopilotAppError) Error() string {
	return fmt.Sprintf("no Copilot application %q here: the SSM parameter %s does not exist; check --app, and that --account and --region are the application's home (where `copilot app ls` lists it)", e.App, e.Parameter)
}

func (d *copilotDocs) application(name string, appT cloud.Target) (*adopt.Application, error) {
	var doc struct {
		Account string `json:"account"`
		Domain  string `json:"domain"`
	}
	if err := json.Unmarshal([]byte(d.app), &doc); err != nil {
		return nil, fmt.Errorf("the application document of %s is not Copilot's JSON: %w", name, err)
	}
	a := &adopt.Application{Name: name, Account: appT.Account, Region: appT.Region, Domain: doc.Domain}
	for _, env := range d.envOrder {
		var e struct {
			Name      string `json:"name"`
			Region    string `json:"region"`
			AccountID string `json:"accountID"`
		}
		if err := json.Unmarshal([]byte(d.envs[env]), &e); err != nil {
			return nil, fmt.Errorf("the document of environment %s is not Copilot's JSON: %w", env, err)
		}
		a.Envs = append(a.Envs, adopt.Env{Name: env, Account: e.AccountID, Region: e.Region})
	}
	for _, w := range d.order {
		var c struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal([]byte(d.components[w]), &c); err != nil {
			return nil, fmt.Errorf("the document of workload %s is not Copilot's JSON: %w", w, err)
		}
		a.Workloads = append(a.Workloads, adopt.Workload{Name: w, Type: c.Type})
	}
	return a, nil
}

// readCopilotEnv reads an environment's stack (its manifest) and which
// workloads have a stack in it.
func readCopilotEnv(ctx context.Context, p *cloud.Provider, appT cloud.Target, a *adopt.Application, e *adopt.Env, ws *adopt.Workspace) error {
	t := cloud.Target{Account: e.Account, Region: e.Region, Profile: appT.Profile, RoleARN: appT.RoleARN}
	if err := p.Guard(ctx, t); err != nil {
		return err
	}
	c, err := p.For(ctx, t)
	if err != nil {
		return err
	}
	if ws == nil || ws.Environments[e.Name] == nil {
		if e.Manifest, err = embeddedManifest(ctx, c.CFN, a.Name+"-"+e.Name); err != nil {
			return err
		}
	}
	for i := range a.Workloads {
		w := &a.Workloads[i]
		stack := a.Name + "-" + e.Name + "-" + w.Name
		exists, err := stackExists(ctx, c.CFN, stack)
		if err != nil {
			return err
		}
		if !exists {
			continue
		}
		w.Deployed = append(w.Deployed, e.Name)
		if w.Manifest == nil && (ws == nil || ws.Workloads[w.Name] == nil) {
			if w.Manifest, err = embeddedManifest(ctx, c.CFN, stack); err != nil {
				return err
			}
		}
	}
	return nil
}

func stackExists(ctx context.Context, api cfnAPI, name string) (bool, error) {
	out, err := api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
	if cloud.IsCode(err, "ValidationError") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("describing stack %s: %w", name, cloud.Unwrap(err))
	}
	return len(out.Stacks) > 0 && out.Stacks[0].StackStatus != cfntypes.StackStatusDeleteComplete, nil
}

// embeddedManifest reads Metadata.Manifest of a stack's template, where
// Copilot keeps the manifest it deployed; nil when the stack or the
// manifest is not there.
func embeddedManifest(ctx context.Context, api cfnAPI, stack string) ([]byte, error) {
	out, err := api.GetTemplate(ctx, &cloudformation.GetTemplateInput{StackName: aws.String(stack)})
	if cloud.IsCode(err, "ValidationError") {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the template of stack %s: %w", stack, cloud.Unwrap(err))
	}
	var tmpl struct {
		Metadata struct {
			Manifest string `yaml:"Manifest"`
		} `yaml:"Metadata"`
	}
	// JSON is YAML: one decoder reads both forms of a template.
	if err := yaml.Unmarshal([]byte(aws.ToString(out.TemplateBody)), &tmpl); err != nil {
		return nil, fmt.Errorf("the template of stack %s: %w", stack, err)
	}
	if tmpl.Metadata.Manifest == "" {
		return nil, nil
	}
	return []byte(tmpl.Metadata.Manifest), nil
}

// fillManifests takes the workspace's manifests where it has them, and
// refuses a workload whose manifest is nowhere.
func fillManifests(a *adopt.Application, ws *adopt.Workspace) error {
	for i := range a.Envs {
		if ws != nil && ws.Environments[a.Envs[i].Name] != nil {
			a.Envs[i].Manifest = ws.Environments[a.Envs[i].Name]
		}
	}
	if ws != nil {
		a.Pipelines = ws.Pipelines
		a.EnvAddons, a.EnvAddonParameters = ws.Addons[adopt.EnvAddons], ws.AddonParameters[adopt.EnvAddons]
	}
	var missing []string
	for i := range a.Workloads {
		w := &a.Workloads[i]
		if ws != nil && ws.Workloads[w.Name] != nil {
			w.Manifest = ws.Workloads[w.Name]
			w.Addons, w.AddonParameters = ws.Addons[w.Name], ws.AddonParameters[w.Name]
		}
		if w.Manifest == nil {
			missing = append(missing, w.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no manifest for %s: not in the workspace, and no deployed stack embeds one; give the Copilot workspace with --workspace DIR", strings.Join(missing, ", "))
	}
	return nil
}
