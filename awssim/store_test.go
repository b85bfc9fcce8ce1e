package awssim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim"
	"flightplan/awssim/awssimtest"
)

// TestRestart stops a simulator and starts another on the same folder: the
// parameters, their versions and tags, and the assumed-role sessions are
// still there.
func TestRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	first := awssimtest.Start(t, awssim.Options{StateDir: dir})
	c := ssmClient(first, acctA, region)
	put(t, c, "/app/a", "1")
	put(t, c, "/app/a", "2")
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/app/b"), Value: aws.String("s"), Type: "SecureString",
		Tags: []ssmtypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	if err != nil {
		t.Fatal(err)
	}
	put(t, ssmClient(first, acctB, "us-east-1"), "/other", "B")
	role, err := stsClient(first, acctA).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + acctB + ":role/deploy"), RoleSessionName: aws.String("s1")})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.StateError(); err != nil {
		t.Fatal(err)
	}

	second := awssimtest.Start(t, awssim.Options{StateDir: dir})
	c = ssmClient(second, acctA, region)
	out, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/app"), WithDecryption: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range out.Parameters {
		got = append(got, fmt.Sprintf("%s=%s v%d %s", aws.ToString(p.Name), aws.ToString(p.Value), p.Version, p.Type))
	}
	if diff := cmp.Diff([]string{"/app/a=2 v2 String", "/app/b=s v1 SecureString"}, got); diff != "" {
		t.Errorf("parameters after restart (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"k=v"}, listTags(t, c, "/app/b")); diff != "" {
		t.Errorf("tags after restart (-want +got):\n%s", diff)
	}
	if got := get(t, ssmClient(second, acctB, "us-east-1"), "/other"); got != "B" {
		t.Errorf("account B after restart: %q", got)
	}
	id, err := sts.NewFromConfig(assumedConfig(second, role.Credentials)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(id.Arn) != "arn:aws:sts::"+acctB+":assumed-role/deploy/s1" {
		t.Errorf("session after restart: %v %v", aws.ToString(id.Arn), err)
	}
}

// TestStateFileIsWhole checks that the folder holds exactly one complete
// JSON document after a run of writes and Close, and that a corrupt file
// is an error rather than a silent empty state.
func TestStateFileIsWhole(t *testing.T) {
	dir := t.TempDir()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	for i := range 5 {
		put(t, ssmClient(ts, acctA, region), fmt.Sprint("/p", i), "x")
	}
	ts.Close()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Errorf("folder holds %v, want only state.json (no temporary files left)", entries)
	}
	data, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err != nil || !json.Valid(data) {
		t.Fatalf("state.json is not valid JSON: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "state.json"), data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := awssim.New(awssim.Options{StateDir: dir}); err == nil {
		t.Error("New on a truncated state file succeeded, want an error")
	}
}

// TestConcurrentWriters runs writers in parallel on a persisted simulator,
// for -race, and checks that no write was lost in memory or on disk.
func TestConcurrentWriters(t *testing.T) {
	dir := t.TempDir()
	ts := awssimtest.Start(t, awssim.Options{StateDir: dir})
	const writers, each = 8, 10
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			c := ssmClient(ts, acctA, region)
			for i := range each {
				for _, name := range []string{fmt.Sprintf("/w%d/p%d", w, i), "/shared"} {
					_, err := c.PutParameter(context.Background(), &ssm.PutParameterInput{
						Name: aws.String(name), Value: aws.String("x"), Type: "String", Overwrite: aws.Bool(true)})
					if err != nil {
						t.Error(err) // not Fatal: this is not the test's goroutine
					}
				}
			}
		})
	}
	wg.Wait()
	for _, sim := range []*awssimtest.TestServer{ts, awssimtest.Start(t, awssim.Options{StateDir: dir})} {
		c := ssmClient(sim, acctA, region)
		out, err := c.GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/shared")})
		if err != nil {
			t.Fatal(err)
		}
		if out.Parameter.Version != writers*each {
			t.Errorf("/shared version = %d, want %d", out.Parameter.Version, writers*each)
		}
		n := 0
		p := ssm.NewDescribeParametersPaginator(c, &ssm.DescribeParametersInput{MaxResults: aws.Int32(50)})
		for p.HasMorePages() {
			page, err := p.NextPage(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n += len(page.Parameters)
		}
		if n != writers*each+1 {
			t.Errorf("%d parameters, want %d", n, writers*each+1)
		}
	}
}
