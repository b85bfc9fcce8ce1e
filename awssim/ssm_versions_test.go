package awssim_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

// TestGetParameterHistory checks that every version is kept, oldest first,
// with its own value, description and labels, in pages of MaxResults.
func TestGetParameterHistory(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for i := 1; i <= 5; i++ {
		if _, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("h"), Value: aws.String(fmt.Sprint("value-", i)),
			Description: aws.String(fmt.Sprint("version ", i)), Type: "String", Overwrite: aws.Bool(true)}); err != nil {
			t.Fatal(err)
		}
	}
	label(t, c, "h", 2, "stable")
	var got []string
	pages := 0
	p := ssm.NewGetParameterHistoryPaginator(c, &ssm.GetParameterHistoryInput{Name: aws.String("/h"), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, v := range out.Parameters {
			if v.Labels == nil || v.Policies == nil {
				t.Errorf("version %d: Labels %v, Policies %v, want lists", v.Version, v.Labels, v.Policies)
			}
			got = append(got, fmt.Sprintf("%d %s %s %s %v", v.Version, aws.ToString(v.Name), aws.ToString(v.Value), aws.ToString(v.Description), v.Labels))
		}
	}
	want := []string{"1 h value-1 version 1 []", "2 h value-2 version 2 [stable]", "3 h value-3 version 3 []",
		"4 h value-4 version 4 []", "5 h value-5 version 5 []"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3", pages)
	}
}

// TestGetParameterHistorySecureString checks that history values are
// decrypted only on request.
func TestGetParameterHistorySecureString(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for _, v := range []string{"s1", "s2"} {
		if _, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/sec"), Value: aws.String(v), Type: "SecureString", Overwrite: aws.Bool(true)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, decrypt := range []bool{true, false} {
		out, err := c.GetParameterHistory(ctx, &ssm.GetParameterHistoryInput{Name: aws.String("/sec"), WithDecryption: aws.Bool(decrypt)})
		if err != nil || len(out.Parameters) != 2 {
			t.Fatalf("history: %v %v", out, err)
		}
		for i, v := range out.Parameters {
			plain := fmt.Sprint("s", i+1)
			if (aws.ToString(v.Value) == plain) != decrypt || aws.ToString(v.KeyId) != "alias/aws/ssm" {
				t.Errorf("WithDecryption %v: version %d value %q key %s", decrypt, v.Version, aws.ToString(v.Value), aws.ToString(v.KeyId))
			}
		}
	}
}

func TestGetParameterHistoryErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	put(t, c, "/p", "x")
	tests := map[string]struct {
		in        ssm.GetParameterHistoryInput
		code, msg string
	}{
		"missing parameter": {in: ssm.GetParameterHistoryInput{Name: aws.String("/nope")}, code: "ParameterNotFound", msg: ""},
		"max results over 50": {in: ssm.GetParameterHistoryInput{Name: aws.String("/p"), MaxResults: aws.Int32(51)}, code: "ValidationException",
			msg: "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50"},
		"bad token": {in: ssm.GetParameterHistoryInput{Name: aws.String("/p"), NextToken: aws.String("junk")}, code: "InvalidNextToken",
			msg: "The specified token isn't valid."},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetParameterHistory(context.Background(), &tt.in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

// TestLabelParameterVersion checks labelling the latest version by
// default, moving a label, SSM's label rules and the limit of 10 labels.
func TestLabelParameterVersion(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for range 3 {
		put(t, c, "/l", "x")
	}
	out, err := c.LabelParameterVersion(ctx, &ssm.LabelParameterVersionInput{Name: aws.String("/l"),
		Labels: []string{"prod", "awsy", "SSMx", "9lives", "a/b", "ok.1-_"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.ParameterVersion != 3 {
		t.Errorf("ParameterVersion = %d, want the latest, 3", out.ParameterVersion)
	}
	if diff := cmp.Diff([]string{"awsy", "SSMx", "9lives", "a/b"}, out.InvalidLabels); diff != "" {
		t.Errorf("InvalidLabels (-want +got):\n%s", diff)
	}
	label(t, c, "/l", 1, "prod") // moves from version 3
	if diff := cmp.Diff(map[int64][]string{1: {"prod"}, 2: {}, 3: {"ok.1-_"}}, labelsByVersion(t, c, "/l")); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	nine := make([]string, 9)
	for i := range nine {
		nine[i] = fmt.Sprint("l", i)
	}
	label(t, c, "/l", 1, nine...)
	tests := map[string]struct {
		in        ssm.LabelParameterVersionInput
		code, msg string
	}{
		"eleventh label": {in: ssm.LabelParameterVersionInput{Name: aws.String("/l"), ParameterVersion: aws.Int64(1), Labels: []string{"more"}},
			code: "ParameterVersionLabelLimitExceeded", msg: "A parameter version can have maximum 10 labels.Move one or more labels to another version and try again."},
		"eleven at once": {in: ssm.LabelParameterVersionInput{Name: aws.String("/l"), ParameterVersion: aws.Int64(2), Labels: append(nine, "x", "y")},
			code: "ParameterVersionLabelLimitExceeded", msg: "*"},
		"missing version": {in: ssm.LabelParameterVersionInput{Name: aws.String("/l"), ParameterVersion: aws.Int64(7), Labels: []string{"x"}},
			code: "ParameterVersionNotFound", msg: "Systems Manager could not find version 7 of /l. Verify the version and try again."},
		"missing parameter": {in: ssm.LabelParameterVersionInput{Name: aws.String("/nope"), Labels: []string{"x"}},
			code: "ParameterNotFound", msg: ""},
		"label too long": {in: ssm.LabelParameterVersionInput{Name: aws.String("/l"), Labels: []string{strings.Repeat("a", 101)}},
			code: "ValidationException", msg: "1 validation error detected: Value '[" + strings.Repeat("a", 101) + "]' at 'labels' failed to satisfy constraint: " +
				"Member must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.LabelParameterVersion(ctx, &tt.in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

func TestUnlabelParameterVersion(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	put(t, c, "/u", "x")
	label(t, c, "/u", 1, "a", "b")
	out, err := c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: aws.String("/u"), ParameterVersion: aws.Int64(1),
		Labels: []string{"a", "c"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a"}, out.RemovedLabels); diff != "" {
		t.Errorf("RemovedLabels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c"}, out.InvalidLabels); diff != "" {
		t.Errorf("InvalidLabels (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[int64][]string{1: {"b"}}, labelsByVersion(t, c, "/u")); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	_, err = c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: aws.String("/u"), ParameterVersion: aws.Int64(9), Labels: []string{"b"}})
	wantAPIError(t, err, "ParameterVersionNotFound", "Systems Manager could not find version 9 of /u. Verify the version and try again.")
	_, err = c.UnlabelParameterVersion(ctx, &ssm.UnlabelParameterVersionInput{Name: aws.String("/none"), ParameterVersion: aws.Int64(1), Labels: []string{"b"}})
	wantAPIError(t, err, "ParameterNotFound", "")
}

// TestParameterSelectors checks "name:version" and "name:label" in
// GetParameter and GetParameters, and parameter ARNs as names.
func TestParameterSelectors(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		put(t, c, "/sel", fmt.Sprint("v", i))
	}
	label(t, c, "/sel", 2, "blue")
	arn := "arn:aws:ssm:eu-west-1:111111111111:parameter/sel"
	for ref, want := range map[string]string{"/sel:1": "1 v1 :1", "/sel:blue": "2 v2 :blue", "sel:3": "3 v3 :3", arn: "3 v3 ", arn + ":blue": "2 v2 :blue"} {
		out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(ref)})
		if err != nil {
			t.Errorf("GetParameter %s: %v", ref, err)
			continue
		}
		p := out.Parameter
		if got := fmt.Sprintf("%d %s %s", p.Version, aws.ToString(p.Value), aws.ToString(p.Selector)); got != want || aws.ToString(p.Name) != "/sel" {
			t.Errorf("GetParameter %s = %s (%s), want %s (/sel)", ref, got, aws.ToString(p.Name), want)
		}
	}
	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/sel:7")})
	wantAPIError(t, err, "ParameterVersionNotFound", "Systems Manager could not find version 7 of /sel. Verify the version and try again.")
	for _, ref := range []string{"/sel:green", "/sel:1:2", "/other:1"} {
		_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(ref)})
		wantAPIError(t, err, "ParameterNotFound", "")
	}
	out, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{"/sel:blue", "/sel:7", "/sel:green", "/sel", "/sel:1"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range out.Parameters {
		got = append(got, aws.ToString(p.Value))
	}
	if diff := cmp.Diff([]string{"v2", "v3", "v1"}, got); diff != "" {
		t.Errorf("GetParameters values (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/sel:7", "/sel:green"}, out.InvalidParameters); diff != "" {
		t.Errorf("InvalidParameters (-want +got):\n%s", diff)
	}
}

// TestParameterVersionLimit checks that a parameter keeps its 100 latest
// versions, and that a new version fails while the oldest has a label.
func TestParameterVersionLimit(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for range 100 {
		put(t, c, "/many", "x")
	}
	label(t, c, "/many", 1, "pinned")
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/many"), Value: aws.String("y"), Type: "String", Overwrite: aws.Bool(true)})
	wantAPIError(t, err, "ParameterMaxVersionLimitExceeded", "You attempted to create a new version of /many by calling the PutParameter API "+
		"with the overwrite flag. Version 1, the oldest version, can't be deleted because it has a label associated with it. "+
		"Move the label to another version of the parameter, and try again.")
	label(t, c, "/many", 100, "pinned")
	if v := put(t, c, "/many", "y"); v != 101 {
		t.Errorf("version = %d, want 101", v)
	}
	versions := labelsByVersion(t, c, "/many")
	if _, ok := versions[1]; ok || len(versions) != 100 {
		t.Errorf("history has %d versions, version 1 present: %v; want 2 to 101", len(versions), ok)
	}
	_, err = c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/many:1")})
	wantAPIError(t, err, "ParameterVersionNotFound", "*")
}

// label attaches labels to a version, failing the test on error or on an
// invalid label.
func label(t *testing.T, c *ssm.Client, name string, version int64, labels ...string) {
	t.Helper()
	out, err := c.LabelParameterVersion(context.Background(), &ssm.LabelParameterVersionInput{Name: aws.String(name),
		ParameterVersion: aws.Int64(version), Labels: labels})
	if err != nil || len(out.InvalidLabels) > 0 {
		t.Fatalf("LabelParameterVersion %s:%d %v: %v %v", name, version, labels, out, err)
	}
}

// labelsByVersion reads a parameter's whole history as its labels by
// version.
func labelsByVersion(t *testing.T, c *ssm.Client, name string) map[int64][]string {
	t.Helper()
	out := map[int64][]string{}
	p := ssm.NewGetParameterHistoryPaginator(c, &ssm.GetParameterHistoryInput{Name: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range page.Parameters {
			out[v.Version] = v.Labels
		}
	}
	return out
}
