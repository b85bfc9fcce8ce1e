package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/rogpeppe/go-internal/testscript"

	"flightplan/adopt"
	"flightplan/cloud"
	"flightplan/executor"
	"flightplan/internal/copilotfixture"
)

// TestMain lets the testscript scripts run the real command in-process as
// "flightplan".
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"flightplan": flightplan})
}

// flightplan is the command as the root main wires it: interrupts cancel
// the run, a second one exits at once.
func flightplan() {
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	os.Exit(Main(context.Background(), os.Args[1:], Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, Signals{C: sig, Exit: os.Exit}))
}

// TestScripts runs every user story under testdata/script: one txtar file
// per story, each running the real command against a simulator.
//
// $EXAMPLES is the repository's testdata/examples; $SIMADDR is a free loopback address for
// a story that runs `flightplan sim` in the background, `waitsim` waits
// until that simulator accepts connections, and `simctl PATH [JSON]` posts
// to its control endpoint (faults, drift). `waitlock APP` and `waitstack
// STACK STATUS` wait on that simulator for a run's lock and for a stack
// operation (in account 111111111111, us-east-1); `s3put STACK LOGICAL-ID N`
// puts N objects into that stack's bucket there; `r53zone NAME` creates a hosted
// zone there (setting $ZONEID), `r53records NAME` lists a zone's records, and
// `physid STACK LOGICAL-ID VAR` sets $VAR to a stack resource's physical ID.
// `stackvalue REGION STACK output|parameter NAME VAR` sets $VAR to a stack's
// output or parameter, or checks it equals $VAR when set.
// FLIGHTPLAN_SIM_SPEED is high so that in-process simulators settle fast.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup:               scriptSetup,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"simctl": simctl, "waitsim": waitsim, "waitlock": waitlock, "waitstack": waitstack, "s3put": s3put, "copilotapp": copilotapp, "putlogs": putlogs, "ecrimages": ecrimages, "copilotls": copilotls, "crinvocations": crinvocations,
			"r53zone": r53zone, "r53records": r53records, "physid": physid, "stackvalue": stackvalue, "ardomains": ardomains,
		},
	})
}

func scriptSetup(env *testscript.Env) error {
	examples, err := filepath.Abs("../../testdata/examples")
	if err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	env.Setenv("EXAMPLES", examples)
	env.Setenv("SIMADDR", "127.0.0.1:"+strconv.Itoa(port))
	env.Setenv("NO_COLOR", "1")
	env.Setenv("FLIGHTPLAN_SIM_SPEED", "20000")
	env.Setenv("FLIGHTPLAN_IMAGE_TAG", "v1")
	return nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// simctl PATH [JSON] posts JSON (default {}) to http://$SIMADDR/_sim/PATH.
func simctl(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: simctl PATH [JSON]")
	}
	body := "{}"
	if len(args) == 2 {
		body = args[1]
	}
	url := fmt.Sprintf("http://%s/_sim/%s", ts.Getenv("SIMADDR"), args[0])
	resp, err := http.Post(url, "application/json", bytes.NewBufferString(body))
	if err != nil {
		ts.Fatalf("simctl: %v", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if failed := resp.StatusCode >= 300; failed != neg {
		ts.Fatalf("simctl %s: %s %s", args[0], resp.Status, out)
	}
}

// waitsim waits until something accepts connections on $SIMADDR: the
// simulator that the story started in the background is serving. It gives
// up after 30 seconds.
func waitsim(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: waitsim")
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", ts.Getenv("SIMADDR"), time.Second)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitsim: the simulator is not serving: %v", err)
		}
		time.Sleep(10 * time.Millisecond) // between connection attempts, not instead of them
	}
}

// simClients are the clients of the stories' account and region in the
// simulator at $SIMADDR, made with the real SDK.
func simClients(ts *testscript.TestScript) *cloud.Clients {
	p := cloud.NewProvider(cloud.Options{SimEndpoint: "http://" + ts.Getenv("SIMADDR"), MaxAttempts: 1})
	c, err := p.For(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	if err != nil {
		ts.Fatalf("simulator clients: %v", err)
	}
	return c
}

// waitlock APP waits until a run holds the lock of APP in the simulator at
// $SIMADDR, and sets $LOCKID to the lock's ID.
func waitlock(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: waitlock APP")
	}
	api := simClients(ts).SSM
	poll(ts, "the lock of "+args[0], func() bool {
		out, err := api.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String(executor.LockPath(args[0]))})
		if err != nil {
			return false
		}
		var info executor.LockInfo
		if err := json.Unmarshal([]byte(aws.ToString(out.Parameter.Value)), &info); err != nil {
			ts.Fatalf("waitlock: %v", err)
		}
		ts.Setenv("LOCKID", info.ID)
		return true
	})
}

// waitstack STACK STATUS waits until STACK is in STATUS in the simulator
// at $SIMADDR.
func waitstack(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitstack STACK STATUS")
	}
	api := simClients(ts).CFN
	poll(ts, "stack "+args[0]+" in "+args[1], func() bool {
		out, err := api.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{StackName: aws.String(args[0])})
		return err == nil && len(out.Stacks) == 1 && string(out.Stacks[0].StackStatus) == args[1]
	})
}

// poll calls ready until it says yes, giving up after 30 seconds.
func poll(ts *testscript.TestScript, what string, ready func() bool) {
	deadline := time.Now().Add(30 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			ts.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond) // between looks, not instead of them
	}
}

// s3put STACK LOGICAL-ID N puts N small objects into the bucket that is
// resource LOGICAL-ID of STACK in the simulator at $SIMADDR.
func s3put(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: s3put STACK LOGICAL-ID N")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil {
		ts.Fatalf("s3put: %v", err)
	}
	c, ctx := simClients(ts), context.Background()
	res, err := c.CFN.DescribeStackResource(ctx, &cloudformation.DescribeStackResourceInput{StackName: aws.String(args[0]), LogicalResourceId: aws.String(args[1])})
	if err != nil {
		ts.Fatalf("s3put: %v", err)
	}
	bucket := res.StackResourceDetail.PhysicalResourceId
	for i := range n {
		if _, err := c.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: bucket, Key: aws.String(fmt.Sprint("object-", i)), Body: strings.NewReader("x")}); err != nil {
			ts.Fatalf("s3put: %v", err)
		}
	}
}

// copilotapp APP DIR [domain=NAME] ENV=ACCOUNT/REGION... puts a Copilot-shaped
// application into the simulator at $SIMADDR: its SSM documents, and per
// environment its stack and one stack per workload, each embedding its
// manifest from the Copilot workspace DIR (DIR/copilot/...). Every
// workload runs in every environment.
func copilotapp(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: copilotapp APP DIR ENV=ACCOUNT/REGION...")
	}
	ws, err := adopt.ReadWorkspace(ts.MkAbs(args[1]))
	if err != nil {
		ts.Fatalf("copilotapp: %v", err)
	}
	app := copilotfixture.App{Name: args[0]}
	for _, spec := range args[2:] {
		name, where, _ := strings.Cut(spec, "=")
		if name == "domain" {
			app.Domain = where
			continue
		}
		account, region, _ := strings.Cut(where, "/")
		if app.Account == "" {
			app.Account, app.Region = account, region
		}
		app.Envs = append(app.Envs, copilotfixture.Env{Name: name, Account: account, Region: region, Manifest: ws.Environments[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(ws.Workloads)) {
		app.Workloads = append(app.Workloads, copilotfixture.Workload{Name: name, Type: ws.Types[name], Manifest: ws.Workloads[name], Addons: ws.Addons[name]})
	}
	app.EnvAddons = ws.Addons[adopt.EnvAddons]
	for _, pl := range ws.Pipelines {
		app.Pipelines = append(app.Pipelines, copilotfixture.Pipeline{Name: pl.Name, Manifest: pl.Manifest})
	}
	p := cloud.NewProvider(cloud.Options{SimEndpoint: "http://" + ts.Getenv("SIMADDR"), MaxAttempts: 1})
	if err := copilotfixture.Load(context.Background(), p, app); err != nil {
		ts.Fatalf("copilotapp: %v", err)
	}
}

// ecrimages ACCOUNT REGION REPO prints the tags of the images in an ECR
// repository of the simulator at $SIMADDR (DescribeImages), one a line.
func ecrimages(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: ecrimages ACCOUNT REGION REPO")
	}
	p := cloud.NewProvider(cloud.Options{SimEndpoint: "http://" + ts.Getenv("SIMADDR"), MaxAttempts: 1})
	c, err := p.For(context.Background(), cloud.Target{Account: args[0], Region: args[1]})
	if err != nil {
		ts.Fatalf("ecrimages: %v", err)
	}
	out, err := c.ECR.DescribeImages(context.Background(), &ecr.DescribeImagesInput{RepositoryName: aws.String(args[2])})
	if err != nil {
		ts.Fatalf("ecrimages: %v", err)
	}
	for _, im := range out.ImageDetails {
		for _, t := range im.ImageTags {
			fmt.Fprintln(ts.Stdout(), t)
		}
	}
}

// copilotls apps | envs APP | workloads APP prints, one a line, what
// Copilot's read commands (app ls, env ls, svc ls and job ls) list, read
// as Copilot reads them: the SSM parameters directly under
// /copilot/applications/, .../APP/environments/ or .../APP/components/
// (GetParametersByPath, not recursive), each a JSON document whose name
// (and type, for a workload) is printed.
func copilotls(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: copilotls apps | envs APP | workloads APP")
	}
	path := "/copilot/applications"
	switch {
	case args[0] == "envs" && len(args) == 2:
		path += "/" + args[1] + "/environments"
	case args[0] == "workloads" && len(args) == 2:
		path += "/" + args[1] + "/components"
	case args[0] != "apps":
		ts.Fatalf("usage: copilotls apps | envs APP | workloads APP")
	}
	pages := ssm.NewGetParametersByPathPaginator(simClients(ts).SSM, &ssm.GetParametersByPathInput{Path: aws.String(path + "/")})
	for pages.HasMorePages() {
		page, err := pages.NextPage(context.Background())
		if err != nil {
			ts.Fatalf("copilotls: %v", err)
		}
		for _, p := range page.Parameters {
			var doc struct{ Name, Type string }
			if err := json.Unmarshal([]byte(aws.ToString(p.Value)), &doc); err != nil {
				ts.Fatalf("copilotls: %s: %v", aws.ToString(p.Name), err)
			}
			fmt.Fprintln(ts.Stdout(), strings.TrimSpace(doc.Name+" "+doc.Type))
		}
	}
}

// crinvocations prints the requests the custom resource handlers of the
// simulator at $SIMADDR received, one a line: request type, stack,
// logical ID.
func crinvocations(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: crinvocations")
	}
	resp, err := http.Get(fmt.Sprintf("http://%s/_sim/cfn/custom-resource-invocations", ts.Getenv("SIMADDR")))
	if err != nil {
		ts.Fatalf("crinvocations: %v", err)
	}
	defer resp.Body.Close()
	var list []struct{ RequestType, StackName, LogicalResourceID string }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		ts.Fatalf("crinvocations: %v", err)
	}
	for _, inv := range list {
		fmt.Fprintln(ts.Stdout(), inv.RequestType, inv.StackName, inv.LogicalResourceID)
	}
}
