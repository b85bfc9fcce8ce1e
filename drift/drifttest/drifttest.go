// Package drifttest builds applications in the simulator for the tests of
// package drift and of its views: one applied cleanly, and one with every
// kind of drift injected behind flightplan's back. It is test support;
// production code never imports it.
package drifttest

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
	"flightplan/drift"
	"flightplan/planner/plantest"
	"flightplan/stacks"
)

// App is an application applied to the simulator.
type App struct {
	Sim      *awssimtest.TestServer
	Provider *cloud.Provider
	Desired  *stacks.Desired
}

// Spec is the application every scenario applies: two environments, two
// services and a job, so 10 stacks and 6 documents.
func Spec() plantest.Spec {
	return plantest.Spec{Envs: []string{"stage", "test"}, Services: []string{"api", "web"}, Jobs: []string{"batch"}}
}

// Options are drift options for tests: fast polls, no real budget, a fixed
// time.
func Options() drift.Options {
	return drift.Options{PollInterval: time.Millisecond, CallsPerSecond: 1e6, ToolVersion: "test",
		Now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Clean starts a simulator and applies the desired state of spec to it.
func Clean(t testing.TB, spec plantest.Spec) *App {
	t.Helper()
	ts := awssimtest.Start(t)
	a := &App{Sim: ts, Desired: plantest.Desired(spec),
		Provider: cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, MaxBackoff: 10 * time.Millisecond})}
	if err := plantest.Seed(context.Background(), a.Provider, a.Desired); err != nil {
		t.Fatal(err)
	}
	return a
}

// Drifted applies Spec and then changes AWS behind flightplan's back, once
// for every kind of finding:
//
//   - deploy/test/api: TargetGroup's HealthCheckPath "/" became "/changed"
//     and Service's DesiredCount 1 became 3 (resource-modified);
//   - deploy/test/web: LogGroup deleted (resource-deleted);
//   - deploy/test/batch: the stack deleted (stack-missing);
//   - deploy/stage/web: the stack left in ROLLBACK_COMPLETE (stack-failed);
//   - workload/api: the document's type became "Backend Service"
//     (document-modified);
//   - workload/web: the document deleted (document-missing);
//   - deploy/test/gone: a stack the file does not declare (orphan-stack);
//   - workload/old: a document the file does not declare (orphan-document);
//   - env/stage: the document deleted while its stack stays, and
//     deploy/old/batch: a job stack in an environment the file does not
//     list (inconsistent).
func Drifted(t testing.TB) *App {
	t.Helper()
	a := Clean(t, Spec())
	ctx := context.Background()
	env := a.Desired.Node(addr.Env("test"))
	must(t, a.Sim.DriftResource(env.Account, env.Region, "demo-test-api", "TargetGroup", map[string]any{"HealthCheckPath": "/changed"}))
	must(t, a.Sim.DriftResource(env.Account, env.Region, "demo-test-api", "Service", map[string]any{"DesiredCount": 3}))
	must(t, a.Sim.DeleteResourceBehindCFN(env.Account, env.Region, "demo-test-web", "LogGroup"))
	must(t, a.Sim.SetStackStatus(env.Account, env.Region, "demo-stage-web", "ROLLBACK_COMPLETE"))
	a.deleteStack(t, ctx, env, "demo-test-batch")
	a.putDocument(t, ctx, "/copilot/applications/demo/components/api", `{"app":"demo","name":"api","type":"Backend Service"}`)
	a.putDocument(t, ctx, "/copilot/applications/demo/components/old", `{"app":"demo","name":"old","type":"Backend Service"}`)
	a.deleteDocument(t, ctx, "/copilot/applications/demo/components/web")
	a.deleteDocument(t, ctx, "/copilot/applications/demo/environments/stage")
	gone := plantest.Desired(plantest.Spec{Envs: []string{"test"}, Services: []string{"gone"}})
	a.createStack(t, ctx, gone.Node(addr.Deploy("test", "gone")))
	old := plantest.Desired(plantest.Spec{Envs: []string{"old"}, Services: []string{}, Jobs: []string{"batch"}})
	a.createStack(t, ctx, old.Node(addr.Deploy("old", "batch")))
	return a
}

func (a *App) cfn(t testing.TB, ctx context.Context, n *stacks.Node) *cloudformation.Client {
	t.Helper()
	c, err := a.Provider.For(ctx, cloud.Target{Account: n.Account, Region: n.Region})
	must(t, err)
	return c.CFN
}

func (a *App) ssm(t testing.TB, ctx context.Context) *ssm.Client {
	t.Helper()
	c, err := a.Provider.For(ctx, cloud.Target{Account: "111111111111", Region: "ap-northeast-1"})
	must(t, err)
	return c.SSM
}

func (a *App) createStack(t testing.TB, ctx context.Context, n *stacks.Node) {
	t.Helper()
	must(t, plantest.CreateStack(ctx, a.cfn(t, ctx, n), n.Stack))
}

func (a *App) deleteStack(t testing.TB, ctx context.Context, where *stacks.Node, name string) {
	t.Helper()
	api := a.cfn(t, ctx, where)
	_, err := api.DeleteStack(ctx, &cloudformation.DeleteStackInput{StackName: aws.String(name)})
	must(t, err)
	for range 1000 {
		out, err := api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(name)})
		if err != nil || string(out.Stacks[0].StackStatus) == "DELETE_COMPLETE" {
			return // a deleted stack is not found by name
		}
	}
	t.Fatalf("stack %s was never deleted", name)
}

func (a *App) putDocument(t testing.TB, ctx context.Context, name, value string) {
	t.Helper()
	_, err := a.ssm(t, ctx).PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String(value),
		Type: ssmtypes.ParameterTypeString, Overwrite: aws.Bool(true)})
	must(t, err)
}

func (a *App) deleteDocument(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	_, err := a.ssm(t, ctx).DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(name)})
	must(t, err)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
