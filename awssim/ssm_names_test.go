package awssim_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

// TestParameterNameLeadingSlash checks that "foo" and "/foo" name the same
// parameter for every action, whichever form created it, and that SSM
// shows the name it was created with.
func TestParameterNameLeadingSlash(t *testing.T) {
	ctx := context.Background()
	for _, created := range []string{"/with-slash", "without-slash"} {
		for _, access := range []string{"/" + strings.TrimPrefix(created, "/"), strings.TrimPrefix(created, "/")} {
			t.Run(created+" as "+access, func(t *testing.T) {
				ts := awssimtest.Start(t)
				c := ssmClient(ts, acctA, region)
				put(t, c, created, "v1")
				got, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String(access)})
				if err != nil {
					t.Fatal(err)
				}
				wantARN := "arn:aws:ssm:eu-west-1:111111111111:parameter/" + strings.TrimPrefix(created, "/")
				if aws.ToString(got.Parameter.Name) != created || aws.ToString(got.Parameter.ARN) != wantARN {
					t.Errorf("GetParameter %s = %s %s, want %s %s", access, aws.ToString(got.Parameter.Name), aws.ToString(got.Parameter.ARN), created, wantARN)
				}
				_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(access), Value: aws.String("v2"), Type: "String"})
				wantAPIError(t, err, "ParameterAlreadyExists", "*")
				if v := put(t, c, access, "v2"); v != 2 {
					t.Errorf("overwrite through %s: version %d, want 2", access, v)
				}
				tagThrough(t, c, access, "k", "v")
				tags, err := c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: "Parameter", ResourceId: aws.String(created)})
				if err != nil || len(tags.TagList) != 1 {
					t.Errorf("tags added through %s, listed through %s: %v %v", access, created, tags, err)
				}
				desc, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{
					{Key: aws.String("Name"), Values: []string{access}}}})
				if err != nil || len(desc.Parameters) != 1 {
					t.Errorf("DescribeParameters Name %s: %v %v", access, desc, err)
				}
				if _, err := c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(access)}); err != nil {
					t.Fatal(err)
				}
				out, err := c.GetParameters(ctx, &ssm.GetParametersInput{Names: []string{created}})
				if err != nil || len(out.Parameters) != 0 {
					t.Errorf("after DeleteParameter %s: %v %v", access, out, err)
				}
			})
		}
	}
}

// TestGetParametersByPathRoot checks that the root path lists names of one
// level with or without their leading slash.
func TestGetParametersByPathRoot(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	for _, name := range []string{"plain", "/slashed", "/deep/er"} {
		put(t, c, name, "x")
	}
	out, err := c.GetParametersByPath(context.Background(), &ssm.GetParametersByPathInput{Path: aws.String("/")})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range out.Parameters {
		got = append(got, aws.ToString(p.Name))
	}
	if diff := cmp.Diff([]string{"/slashed", "plain"}, got); diff != "" {
		t.Errorf("names under / (-want +got):\n%s", diff)
	}
}

// TestDeleteParametersBothForms checks DeleteParameters with the other
// form of each name: it deletes them and reports the names as given.
func TestDeleteParametersBothForms(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	put(t, c, "a", "1")
	put(t, c, "/b", "2")
	out, err := c.DeleteParameters(context.Background(), &ssm.DeleteParametersInput{Names: []string{"/a", "b", "/c"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/a", "b"}, out.DeletedParameters); diff != "" {
		t.Errorf("DeletedParameters (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/c"}, out.InvalidParameters); diff != "" {
		t.Errorf("InvalidParameters (-want +got):\n%s", diff)
	}
}

// tagThrough tags a parameter through the name given, failing the test on
// error.
func tagThrough(t *testing.T, c *ssm.Client, name, key, value string) {
	t.Helper()
	if _, err := c.AddTagsToResource(context.Background(), &ssm.AddTagsToResourceInput{ResourceType: "Parameter",
		ResourceId: aws.String(name), Tags: []ssmtypes.Tag{{Key: aws.String(key), Value: aws.String(value)}}}); err != nil {
		t.Fatalf("AddTagsToResource %s: %v", name, err)
	}
}
