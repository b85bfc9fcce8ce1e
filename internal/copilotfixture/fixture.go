// Package copilotfixture puts a Copilot-shaped application into AWS (the
// simulator, in tests): the SSM documents Copilot writes and stacks named
// and tagged as Copilot names and tags them, each template embedding its
// manifest in Metadata.Manifest as Copilot's do. It is built from
// Copilot's documented layout, for the tests of adopt; it is not Copilot.
package copilotfixture

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"gopkg.in/yaml.v3"

	"flightplan/cloud"
)

// App is the application to put in place.
type App struct {
	Name    string
	Account string
	Region  string
	Domain  string
	Envs    []Env
	// Workloads run in every environment of Deployed (all when empty).
	Workloads []Workload
	// Pipelines are deployed in the app's account and region (pipeline.go).
	Pipelines []Pipeline
	// EnvAddons are the files of copilot/environments/addons/, deployed
	// in every environment (addons.go).
	EnvAddons map[string][]byte
}

// Env is one environment and its manifest (YAML).
type Env struct {
	Name, Account, Region string
	Manifest              []byte
}

// Workload is one service or job, Copilot's type, and its manifest.
type Workload struct {
	Name, Type string
	Manifest   []byte
	Deployed   []string
	// Addons are the files of copilot/{name}/addons/ (addons.go).
	Addons map[string][]byte
}

// Load writes the application's documents in its home account and region,
// creates its stack set and waits for its instances (stackset.go), pushes
// an image to each repository, and creates its environment and workload
// stacks, waiting for none (the stacks' templates are all a reader of
// Metadata needs).
func Load(ctx context.Context, p *cloud.Provider, app App) error {
	home, err := p.For(ctx, cloud.Target{Account: app.Account, Region: app.Region})
	if err != nil {
		return err
	}
	if err := app.documents(ctx, home.SSM); err != nil {
		return err
	}
	if err := app.stackSet(ctx, p); err != nil {
		return err
	}
	if err := app.pipelineStacks(ctx, home.CFN); err != nil {
		return err
	}
	for _, e := range app.Envs {
		c, err := p.For(ctx, cloud.Target{Account: e.Account, Region: e.Region})
		if err != nil {
			return err
		}
		if err := app.envStacks(ctx, c.CFN, c.S3, e); err != nil {
			return err
		}
	}
	return nil
}

func (app App) documents(ctx context.Context, api *ssm.Client) error {
	root := "/copilot/applications/" + app.Name
	docs := map[string]any{root: map[string]any{"name": app.Name, "account": app.Account, "domain": app.Domain, "version": "1.0"}}
	for _, e := range app.Envs {
		docs[root+"/environments/"+e.Name] = map[string]any{"app": app.Name, "name": e.Name, "region": e.Region, "accountID": e.Account,
			"executionRoleARN": fmt.Sprintf("arn:aws:iam::%s:role/%s-%s-CFNExecutionRole", e.Account, app.Name, e.Name),
			"managerRoleARN":   fmt.Sprintf("arn:aws:iam::%s:role/%s-%s-EnvManagerRole", e.Account, app.Name, e.Name)}
	}
	for _, w := range app.Workloads {
		docs[root+"/components/"+w.Name] = map[string]any{"app": app.Name, "name": w.Name, "type": w.Type}
	}
	for name, doc := range docs {
		body, _ := json.Marshal(doc)
		_, err := api.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(string(body)),
			Type: ssmtypes.ParameterTypeString, Tags: []ssmtypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String(app.Name)}}})
		if err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}

func (app App) envStacks(ctx context.Context, api *cloudformation.Client, objects *s3.Client, e Env) error {
	tags := map[string]string{"copilot-application": app.Name, "copilot-environment": e.Name}
	envURL, err := app.uploadAddons(ctx, objects, e, "environments", app.EnvAddons)
	if err != nil {
		return err
	}
	if err := createStack(ctx, api, app.Name+"-"+e.Name, envTemplate(app.Name, app.Domain, e, envURL), tags); err != nil {
		return err
	}
	if app.Domain != "" {
		// Its workloads' default records import the zone it exports.
		w := cloudformation.NewStackCreateCompleteWaiter(api, func(o *cloudformation.StackCreateCompleteWaiterOptions) {
			o.MinDelay, o.MaxDelay = 10*time.Millisecond, 100*time.Millisecond
		})
		if err := w.Wait(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(app.Name + "-" + e.Name)}, time.Minute); err != nil {
			return fmt.Errorf("stack %s: %w", app.Name+"-"+e.Name, err)
		}
	}
	for _, w := range app.Workloads {
		if len(w.Deployed) > 0 && !contains(w.Deployed, e.Name) {
			continue
		}
		wt := map[string]string{"copilot-application": app.Name, "copilot-environment": e.Name, "copilot-service": w.Name}
		url, err := app.uploadAddons(ctx, objects, e, w.Name, w.Addons)
		if err != nil {
			return err
		}
		if err := createStack(ctx, api, app.Name+"-"+e.Name+"-"+w.Name, workloadTemplate(app.Name, app.Domain, e.Name, w, url), wt); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func createStack(ctx context.Context, api *cloudformation.Client, name, body string, tags map[string]string) error {
	var t []cfntypes.Tag
	for k, v := range tags {
		t = append(t, cfntypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	_, err := api.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(body),
		Tags: t, Capabilities: []cfntypes.Capability{cfntypes.CapabilityCapabilityNamedIam}})
	if err != nil {
		return fmt.Errorf("creating stack %s: %w", name, err)
	}
	return nil
}

// envTemplate is an environment template with Copilot's logical IDs and
// properties for its cluster, its custom resources (custom.go), its hosted
// zone when the app has a domain (domain.go) and, unless
// the manifest imports a VPC, the
// VPC Copilot makes from the manifest's CIDRs (names resolved as Copilot's
// !Sub would resolve them).
func envTemplate(app, domain string, e Env, addonsURL string) string {
	res := map[string]any{"Cluster": map[string]any{"Type": "AWS::ECS::Cluster"}}
	var m struct {
		Network struct {
			VPC struct {
				ID      string `yaml:"id"`
				CIDR    string `yaml:"cidr"`
				Subnets struct {
					Public, Private []struct{ CIDR, AZ string }
				} `yaml:"subnets"`
			} `yaml:"vpc"`
		} `yaml:"network"`
	}
	_ = yaml.Unmarshal(e.Manifest, &m)
	vpc := m.Network.VPC
	if vpc.ID == "" && vpc.CIDR != "" {
		name := "copilot-" + app + "-" + e.Name
		res["VPC"] = map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{
			"CidrBlock": vpc.CIDR, "EnableDnsHostnames": true, "EnableDnsSupport": true, "InstanceTenancy": "default",
			"Tags": []any{map[string]any{"Key": "Name", "Value": name}}}}
		subnets(res, "PublicSubnet", name+"-pub", vpc.Subnets.Public, true)
		subnets(res, "PrivateSubnet", name+"-priv", vpc.Subnets.Private, false)
	}
	envCustomResources(res, app, e.Name)
	var vpcRef any = map[string]any{"Ref": "VPC"}
	public := []any{map[string]any{"Ref": "PublicSubnet1"}, map[string]any{"Ref": "PublicSubnet2"}}
	if vpc.ID != "" {
		vpcRef, public = vpc.ID, nil
		var ids struct {
			Network struct {
				VPC struct {
					Subnets struct {
						Public []struct{ ID string } `yaml:"public"`
					} `yaml:"subnets"`
				} `yaml:"vpc"`
			} `yaml:"network"`
		}
		_ = yaml.Unmarshal(e.Manifest, &ids)
		for _, s := range ids.Network.VPC.Subnets.Public {
			public = append(public, s.ID)
		}
	}
	envStateful(res, app, e.Name, vpcRef, public)
	envZone(res, app, domain, e.Name)
	if addonsURL != "" {
		addonsStack(res, app, e.Name, "", addonsURL)
	}
	body := template(e.Manifest, res)
	if domain != "" {
		// Copilot exports the environment's zone for its workloads' records.
		var doc map[string]any
		_ = json.Unmarshal([]byte(body), &doc)
		doc["Outputs"] = map[string]any{"EnvironmentHostedZone": map[string]any{"Value": map[string]any{"Ref": "EnvironmentHostedZone"},
			"Export": map[string]any{"Name": app + "-" + e.Name + "-HostedZone"}}}
		out, _ := json.MarshalIndent(doc, "", "  ")
		body = string(out)
	}
	return body
}

func subnets(res map[string]any, id, name string, list []struct{ CIDR, AZ string }, public bool) {
	for i, s := range list {
		res[fmt.Sprintf("%s%d", id, i+1)] = map[string]any{"Type": "AWS::EC2::Subnet", "Properties": map[string]any{
			"CidrBlock": s.CIDR, "AvailabilityZone": s.AZ, "MapPublicIpOnLaunch": public, "VpcId": map[string]any{"Ref": "VPC"},
			"Tags": []any{map[string]any{"Key": "Name", "Value": fmt.Sprintf("%s%d", name, i)}}}}
	}
}

// workloadTemplate holds the workload's log group as Copilot names it,
// its custom resources (custom.go), its default DNS record (domain.go)
// and, given its URL, its addons stack (addons.go).
func workloadTemplate(app, domain, env string, w Workload, addonsURL string) string {
	res := map[string]any{
		"LogGroup": map[string]any{"Type": "AWS::Logs::LogGroup", "Properties": map[string]any{
			"LogGroupName": "/copilot/" + app + "-" + env + "-" + w.Name, "RetentionInDays": 30}},
	}
	workloadCustomResources(res, app, env, w)
	defaultAlias(res, app, domain, env, w)
	var m manifestMessaging
	_ = yaml.Unmarshal(w.Manifest, &m)
	workloadStateful(res, app, env, w, m)
	if addonsURL != "" {
		addonsStack(res, app, env, w.Name, addonsURL)
	}
	return template(w.Manifest, res)
}

func template(manifest []byte, resources map[string]any) string {
	body, _ := json.MarshalIndent(map[string]any{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Metadata":                 map[string]any{"Version": "v1.34.0", "Manifest": string(manifest)},
		"Resources":                resources,
	}, "", "  ")
	return string(body)
}
