package executor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awssim/awssimtest"
	"flightplan/live"
	"flightplan/planner"
	"flightplan/stacks"
)

const otherRegion = "us-east-1"

// repoStack is a region stack holding the repository demo/web.
func repoStack() []byte {
	return []byte(`{"Resources":{"ECRRepoWeb":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"demo/web","EmptyOnDelete":true}}}}`)
}

// imagePlan creates the region stacks of two regions, image/web pushed to
// both, deploy/test/api that runs it and deploy/test/worker that does not.
func imagePlan() (*planner.Plan, *stacks.Desired) {
	build := &stacks.ImageBuild{Name: "web", Dir: "/src", Context: ".", Dockerfile: "docker/Dockerfile", Target: "prod",
		Args: map[string]string{"B": "2", "A": "1"}, CacheFrom: []string{"type=registry,ref=cache"}, Platform: "linux/arm64", Tag: "abc123"}
	var nodes []*stacks.Node
	for _, r := range []string{region, otherRegion} {
		nodes = append(nodes, &stacks.Node{Addr: addr.Region(r), Account: appAccount, Region: r, DependsOn: nil,
			Stack: &stacks.Stack{Name: "demo-infrastructure-" + r, Template: repoStack(), Tags: map[string]string{"copilot-application": "demo"}}})
		build.Repositories = append(build.Repositories, stacks.ImageRepository{Account: appAccount, Region: r,
			URI: appAccount + ".dkr.ecr." + r + ".amazonaws.com/demo/web"})
	}
	nodes = append(nodes, &stacks.Node{Addr: addr.Image("web"), Account: appAccount, Region: region, Image: build,
		DependsOn: []addr.Address{addr.Region(region), addr.Region(otherRegion)}})
	for _, w := range []string{"api", "worker"} {
		n := &stacks.Node{Addr: addr.Deploy("test", w), Account: testAccount, Region: region,
			Stack: &stacks.Stack{Name: "demo-test-" + w, Template: topicTemplate(w), Tags: map[string]string{"copilot-application": "demo"}}}
		if w == "api" {
			n.DependsOn = []addr.Address{addr.Image("web")}
		}
		nodes = append(nodes, n)
	}
	d := &stacks.Desired{App: "demo", Nodes: nodes}
	p := &planner.Plan{App: "demo"}
	for _, n := range nodes {
		c := &planner.Change{Addr: n.Addr, Address: n.Addr.String(), Action: planner.Create, Account: n.Account, Region: n.Region, Desired: n}
		if n.Stack != nil {
			c.Stack = &planner.StackChange{Name: n.Stack.Name, Action: planner.Create}
		}
		for _, dep := range n.DependsOn {
			c.DependsOn = append(c.DependsOn, dep.String())
		}
		p.Changes = append(p.Changes, c)
	}
	return p, d
}

// fakeBuilder builds nothing and registers each push in simulated ECR with
// PutImage, so that a new plan finds the tag; it records what it was asked.
type fakeBuilder struct {
	ts       *awssimtest.TestServer
	failWith error
	mu       sync.Mutex
	calls    []string
}

func (f *fakeBuilder) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
}

func (f *fakeBuilder) Build(_ context.Context, b stacks.ImageBuild, out func(string)) (string, error) {
	f.record("build " + b.Name + " " + b.Platform)
	out("built " + b.Name)
	return "local/" + b.Name + ":" + b.Tag, f.failWith
}

func (f *fakeBuilder) Push(ctx context.Context, ref string, r stacks.ImageRepository, tag string, auth ECRAuth, out func(string)) error {
	if auth.Username != "AWS" || auth.Password == "" || auth.Endpoint != "https://"+r.Account+".dkr.ecr."+r.Region+".amazonaws.com" {
		return fmt.Errorf("bad auth %+v", auth)
	}
	f.record("push " + ref + " " + r.Ref(tag))
	c := ecr.NewFromConfig(f.ts.Config(r.Account, r.Region))
	_, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(r.Name()), ImageTag: aws.String(tag), ImageManifest: aws.String(`{"schemaVersion":2,"ref":"` + ref + `"}`)})
	return err
}

// orderHooks records the order in which nodes start and finish.
type orderHooks struct {
	eventHooks
	mu    sync.Mutex
	order []string
}

func (h *orderHooks) NodeStarted(a addr.Address, _ planner.Action) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.order = append(h.order, "start "+a.String())
}

func (h *orderHooks) NodeFinished(a addr.Address, o Outcome) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.order = append(h.order, "finish "+a.String())
}

func indexOf(l []string, s string) int {
	for i, v := range l {
		if v == s {
			return i
		}
	}
	return -1
}

// TestImageBuiltOncePushedEverywhere checks that an image node builds once,
// pushes to the repository of every region, streams the builder's output,
// runs before the deployment that uses it, and that a new plan then finds
// the image and plans a no-op.
func TestImageBuiltOncePushedEverywhere(t *testing.T) {
	ctx := context.Background()
	ts, opts := simOptions(t)
	b := &fakeBuilder{ts: ts}
	h := &orderHooks{}
	opts.Builder, opts.Hooks = b, h
	p, d := imagePlan()
	res, err := Apply(ctx, p, opts)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := []string{
		"build web linux/arm64",
		"push local/web:abc123 " + appAccount + ".dkr.ecr.eu-west-1.amazonaws.com/demo/web:abc123",
		"push local/web:abc123 " + appAccount + ".dkr.ecr.us-east-1.amazonaws.com/demo/web:abc123",
	}
	if diff := cmp.Diff(want, b.calls); diff != "" {
		t.Errorf("builder calls (-want +got):\n%s", diff)
	}
	if o := res.Outcomes[addr.Image("web")]; o.Status != Succeeded || o.Action != planner.Create {
		t.Errorf("image/web: %+v", o)
	}
	if indexOf(h.order, "start deploy/test/api") < indexOf(h.order, "finish image/web") {
		t.Errorf("deploy/test/api started before image/web finished: %v", h.order)
	}
	if evs := h.events[addr.Image("web")]; len(evs) == 0 || evs[0].Status != "build" || evs[0].Reason != "built web" {
		t.Errorf("image/web events: %+v", evs)
	}
	s := &planner.State{App: "demo"}
	ts.ResetCounters()
	if err := live.ReadImages(ctx, opts.Provider, d, s, live.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := ts.CallCount("ecr", "DescribeImages"); n != 2 {
		t.Errorf("DescribeImages calls = %d, want 2 (one per repository)", n)
	}
	again, err := planner.Diff(d, s, planner.DiffOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range again.Changes {
		if c.Addr == addr.Image("web") && c.Action != planner.NoOp {
			t.Errorf("re-plan of image/web: %s %v", c.Action, c.Reasons)
		}
	}
}

// TestImageBuildFailureSkipsOnlyItsDeployments checks that a failed build
// fails the image node, skips the deployment that runs it and nothing else.
func TestImageBuildFailureSkipsOnlyItsDeployments(t *testing.T) {
	ts, opts := simOptions(t)
	opts.Builder = &fakeBuilder{ts: ts, failWith: errors.New("exit status 1: COPY failed")}
	p, _ := imagePlan()
	res, err := Apply(context.Background(), p, opts)
	if err == nil {
		t.Fatal("Apply succeeded")
	}
	want := map[string]string{
		"app/region/eu-west-1": "succeeded create", "app/region/us-east-1": "succeeded create",
		"image/web": "failed create", "deploy/test/api": "skipped create", "deploy/test/worker": "succeeded create",
	}
	if diff := cmp.Diff(want, outcomes(res)); diff != "" {
		t.Fatalf("outcomes (-want +got):\n%s", diff)
	}
	if got := res.Outcomes[addr.Image("web")].Err.Error(); got != "building image web: exit status 1: COPY failed" {
		t.Errorf("error %q", got)
	}
}

// fakeDocker puts a docker script first on PATH that logs its arguments
// (one line per run) and its stdin, and returns the two log files.
func fakeDocker(t *testing.T) (args, stdin string) {
	dir := t.TempDir()
	args, stdin = filepath.Join(dir, "args.log"), filepath.Join(dir, "stdin.log")
	script := "#!/bin/sh\necho \"$*\" >> " + args + "\nif [ \"$1\" = login ]; then cat >> " + stdin + "; fi\necho \"fake docker $1\"\n"
	if err := os.WriteFile(filepath.Join(dir, "docker"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return args, stdin
}

// TestDockerBuilderCommands checks the docker command lines of a whole
// apply with the default builder, and that the password goes through stdin
// only.
func TestDockerBuilderCommands(t *testing.T) {
	argsLog, stdinLog := fakeDocker(t)
	_, opts := simOptions(t)
	p, _ := imagePlan()
	if _, err := Apply(context.Background(), p, opts); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	eu, us := appAccount+".dkr.ecr.eu-west-1.amazonaws.com", appAccount+".dkr.ecr.us-east-1.amazonaws.com"
	want := []string{
		"buildx build --platform linux/arm64 --target prod --build-arg A=1 --build-arg B=2 --cache-from type=registry,ref=cache " +
			"-f /src/docker/Dockerfile -t " + eu + "/demo/web:abc123 -t " + us + "/demo/web:abc123 --load /src",
		"login --username AWS --password-stdin https://" + eu,
		"push " + eu + "/demo/web:abc123",
		"login --username AWS --password-stdin https://" + us,
		"tag " + eu + "/demo/web:abc123 " + us + "/demo/web:abc123",
		"push " + us + "/demo/web:abc123",
	}
	got, _ := os.ReadFile(argsLog)
	if diff := cmp.Diff(want, strings.Split(strings.TrimSpace(string(got)), "\n")); diff != "" {
		t.Errorf("docker runs (-want +got):\n%s", diff)
	}
	pw, _ := os.ReadFile(stdinLog)
	lines := strings.Split(strings.TrimSpace(string(pw)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "sim-") {
		t.Fatalf("passwords on stdin: %q", pw)
	}
	for _, l := range lines {
		if strings.Contains(string(got), l) {
			t.Errorf("the password %q is on a command line", l)
		}
	}
}

// TestDockerMissing checks the error of a build without docker.
func TestDockerMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, d := imagePlan()
	_, err := DockerBuilder{}.Build(context.Background(), *d.Node(addr.Image("web")).Image, func(string) {})
	want := `docker is needed to build image web: install it, or build and push ` + appAccount +
		`.dkr.ecr.eu-west-1.amazonaws.com/demo/web:abc123 yourself, or set location = "URI" in the image block instead of build`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

// TestSimBuilderRegistersTheTag checks that the simulator's builder leaves
// the tag in every repository, so that a new plan is a no-op.
func TestSimBuilderRegistersTheTag(t *testing.T) {
	ctx := context.Background()
	_, opts := simOptions(t)
	opts.Builder = SimBuilder{Provider: opts.Provider}
	p, d := imagePlan()
	if _, err := Apply(ctx, p, opts); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	s := &planner.State{App: "demo"}
	if err := live.ReadImages(ctx, opts.Provider, d, s, live.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Node(addr.Image("web")).Image.Repositories {
		if !s.Images[planner.ImageKey(r.URI, "abc123")] {
			t.Errorf("%s:abc123 not registered", r.URI)
		}
	}
}
