package awssim_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/awssim/awssimtest"
)

func TestPutParameterVersions(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for want := int64(1); want <= 3; want++ {
		if got := put(t, c, "/app/db/host", fmt.Sprint("v", want)); got != want {
			t.Fatalf("version = %d, want %d", got, want)
		}
	}
	out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/app/db/host")})
	if err != nil {
		t.Fatal(err)
	}
	p := out.Parameter
	got := []string{aws.ToString(p.Name), aws.ToString(p.Value), string(p.Type), aws.ToString(p.DataType), aws.ToString(p.ARN), fmt.Sprint(p.Version)}
	want := []string{"/app/db/host", "v3", "String", "text", "arn:aws:ssm:eu-west-1:111111111111:parameter/app/db/host", "3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parameter (-want +got):\n%s", diff)
	}
	if p.LastModifiedDate == nil || p.LastModifiedDate.Before(time.Date(2026, 1, 1, 0, 0, 1, 0, time.UTC)) {
		t.Errorf("LastModifiedDate = %v, want the fake clock's time after a few calls", p.LastModifiedDate)
	}
}

func TestPutParameterErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	put(t, c, "/exists", "x")
	long := "/" + strings.Repeat("a", 2048)
	tests := map[string]struct {
		in        ssm.PutParameterInput
		code, msg string
	}{
		"already exists": {
			in:   ssm.PutParameterInput{Name: aws.String("/exists"), Value: aws.String("y"), Type: "String"},
			code: "ParameterAlreadyExists", msg: "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
		},
		"tags with overwrite": {
			in: ssm.PutParameterInput{Name: aws.String("/new"), Value: aws.String("y"), Type: "String", Overwrite: aws.Bool(true),
				Tags: []ssmtypes.Tag{{Key: aws.String("k"), Value: aws.String("v")}}},
			code: "ValidationException", msg: "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
		},
		"no type on create": {
			in:   ssm.PutParameterInput{Name: aws.String("/untyped"), Value: aws.String("y")},
			code: "ValidationException", msg: "A parameter type is required when you create a parameter.",
		},
		"bad type": {
			in:   ssm.PutParameterInput{Name: aws.String("/t"), Value: aws.String("y"), Type: "Number"},
			code: "ValidationException", msg: "1 validation error detected: Value 'Number' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
		},
		"empty value": {
			in:   ssm.PutParameterInput{Name: aws.String("/t"), Value: aws.String(""), Type: "String"},
			code: "ValidationException", msg: "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1", // AWS does not repeat a value
		},
		"relative path": {
			in:   ssm.PutParameterInput{Name: aws.String("app/x"), Value: aws.String("y"), Type: "String"},
			code: "ValidationException", msg: "Parameter name must be a fully qualified name.",
		},
		"trailing slash": {
			in:   ssm.PutParameterInput{Name: aws.String("/app/"), Value: aws.String("y"), Type: "String"},
			code: "ValidationException", msg: "Parameter name must not end with slash.",
		},
		"reserved prefix": {
			in:   ssm.PutParameterInput{Name: aws.String("/SSM/x"), Value: aws.String("y"), Type: "String"},
			code: "ValidationException", msg: `Parameter name: can't be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_`,
		},
		"bad character": {
			in:   ssm.PutParameterInput{Name: aws.String("/app/a b"), Value: aws.String("y"), Type: "String"},
			code: "ValidationException", msg: "*",
		},
		"too long": {
			in:   ssm.PutParameterInput{Name: aws.String(long), Value: aws.String("y"), Type: "String"},
			code: "ValidationException", msg: "1 validation error detected: Value '" + long + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 2048",
		},
		"too deep": {
			in:   ssm.PutParameterInput{Name: aws.String(strings.Repeat("/a", 16)), Value: aws.String("y"), Type: "String"},
			code: "HierarchyLevelLimitExceededException", msg: "A hierarchy can have a maximum of 15 levels.",
		},
		"pattern mismatch": {
			in:   ssm.PutParameterInput{Name: aws.String("/p"), Value: aws.String("abc"), Type: "String", AllowedPattern: aws.String("^[0-9]+$")},
			code: "ParameterPatternMismatchException", msg: "Parameter value, cannot be validated against allowedPattern: ^[0-9]+$",
		},
		"standard tier too large": {
			in:   ssm.PutParameterInput{Name: aws.String("/big"), Value: aws.String(strings.Repeat("x", 4097)), Type: "String", Tier: ssmtypes.ParameterTierStandard},
			code: "ValidationException", msg: "*",
		},
		"bad data type": {
			in:   ssm.PutParameterInput{Name: aws.String("/d"), Value: aws.String("y"), Type: "String", DataType: aws.String("Text")},
			code: "ValidationException", msg: "The following data type is not supported: Text (Data type names are all lowercase.)",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.PutParameter(ctx, &tt.in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

func TestTypedErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	put(t, c, "/exists", "x")

	_, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/missing")})
	var notFound *ssmtypes.ParameterNotFound
	if !errors.As(err, &notFound) {
		t.Fatalf("GetParameter missing: %v, want ParameterNotFound", err)
	}
	if notFound.ErrorMessage() != "" {
		t.Errorf("ParameterNotFound message %q, want empty as AWS sends it", notFound.ErrorMessage())
	}
	_, err = c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/missing")})
	if !errors.As(err, &notFound) {
		t.Fatalf("DeleteParameter missing: %v, want ParameterNotFound", err)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/exists"), Value: aws.String("y"), Type: "String"})
	var exists *ssmtypes.ParameterAlreadyExists
	if !errors.As(err, &exists) {
		t.Fatalf("PutParameter twice: %v, want ParameterAlreadyExists", err)
	}
	_, err = c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("a/b"), Value: aws.String("y"), Type: "String"})
	var invalid *ssmtypes.ValidationException
	if !errors.As(err, &invalid) {
		t.Fatalf("bad name: %v, want ValidationException", err)
	}
}

func TestParameterTypes(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for name, typ := range map[string]ssmtypes.ParameterType{"/list": "StringList", "/secret": "SecureString"} {
		_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String("a,b"), Type: typ})
		if err != nil {
			t.Fatal(err)
		}
	}
	raw, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/secret")})
	if err != nil {
		t.Fatal(err)
	}
	if v := aws.ToString(raw.Parameter.Value); v == "a,b" || v == "" {
		t.Errorf("SecureString without decryption = %q, want an opaque ciphertext", v)
	}
	if got := get(t, c, "/secret"); got != "a,b" {
		t.Errorf("SecureString with decryption = %q, want a,b", got)
	}
	out, err := c.GetParameter(ctx, &ssm.GetParameterInput{Name: aws.String("/list")})
	if err != nil || out.Parameter.Type != ssmtypes.ParameterTypeStringList {
		t.Errorf("StringList: %v %v", out, err)
	}
	// An overwrite without Type keeps the type.
	if _, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/secret"), Value: aws.String("c"), Overwrite: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	desc, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{
		{Key: aws.String("Name"), Values: []string{"/secret"}}}})
	if err != nil || len(desc.Parameters) != 1 {
		t.Fatalf("DescribeParameters: %v %v", desc, err)
	}
	m := desc.Parameters[0]
	if m.Type != "SecureString" || aws.ToString(m.KeyId) != "alias/aws/ssm" || m.Version != 2 || m.Tier != "Standard" {
		t.Errorf("metadata = %s %s v%d %s", m.Type, aws.ToString(m.KeyId), m.Version, m.Tier)
	}
	if aws.ToString(m.LastModifiedUser) != "arn:aws:iam::111111111111:user/sim" {
		t.Errorf("LastModifiedUser = %s", aws.ToString(m.LastModifiedUser))
	}
}

func TestGetParameters(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	put(t, c, "/a", "1")
	put(t, c, "/b", "2")
	out, err := c.GetParameters(context.Background(), &ssm.GetParametersInput{Names: []string{"/b", "/nope", "/a"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range out.Parameters {
		got = append(got, aws.ToString(p.Name)+"="+aws.ToString(p.Value))
	}
	if diff := cmp.Diff([]string{"/b=2", "/a=1"}, got); diff != "" {
		t.Errorf("Parameters (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/nope"}, out.InvalidParameters); diff != "" {
		t.Errorf("InvalidParameters (-want +got):\n%s", diff)
	}
	names := make([]string, 11)
	for i := range names {
		names[i] = fmt.Sprint("/n", i)
	}
	_, err = c.GetParameters(context.Background(), &ssm.GetParametersInput{Names: names})
	wantAPIError(t, err, "ValidationException", "*")
}

func TestDeleteParameters(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	put(t, c, "/a", "1")
	put(t, c, "/b", "2")
	if _, err := c.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String("/a")}); err != nil {
		t.Fatal(err)
	}
	out, err := c.DeleteParameters(ctx, &ssm.DeleteParametersInput{Names: []string{"/a", "/b"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/b"}, out.DeletedParameters); diff != "" {
		t.Errorf("DeletedParameters (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"/a"}, out.InvalidParameters); diff != "" {
		t.Errorf("InvalidParameters (-want +got):\n%s", diff)
	}
	// A deleted parameter starts again at version 1.
	if v := put(t, c, "/a", "again"); v != 1 {
		t.Errorf("version after delete = %d, want 1", v)
	}
}

func TestGetParametersByPath(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	var want []string
	for i := range 23 {
		name := fmt.Sprintf("/app/svc/p%02d", i)
		put(t, c, name, "x")
		want = append(want, name)
	}
	put(t, c, "/app/svc/deep/q", "x")
	put(t, c, "/app/other", "x")
	put(t, c, "/apple", "x")

	tests := map[string]struct {
		in    ssm.GetParametersByPathInput
		want  []string
		pages int
	}{
		"one level, default page": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/app/svc")}, want: want, pages: 3},
		"one level, trailing slash, pages of 4": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/app/svc/"), MaxResults: aws.Int32(4)}, want: want, pages: 6},
		"recursive": {
			in:   ssm.GetParametersByPathInput{Path: aws.String("/app"), Recursive: aws.Bool(true)},
			want: append([]string{"/app/other", "/app/svc/deep/q"}, want...), pages: 3},
		"root one level": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/")}, want: []string{"/apple"}, pages: 1},
		"type filter": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/app"), ParameterFilters: []ssmtypes.ParameterStringFilter{
				{Key: aws.String("Type"), Values: []string{"SecureString"}}}},
			want: nil, pages: 1},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			pages := 0
			p := ssm.NewGetParametersByPathPaginator(c, &tt.in)
			for p.HasMorePages() {
				out, err := p.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, prm := range out.Parameters {
					got = append(got, aws.ToString(prm.Name))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
			if pages != tt.pages {
				t.Errorf("pages = %d, want %d", pages, tt.pages)
			}
		})
	}
}

func TestGetParametersByPathErrors(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	tests := map[string]struct {
		in        ssm.GetParametersByPathInput
		code, msg string
	}{
		"max results": {
			in:   ssm.GetParametersByPathInput{Path: aws.String("/app"), MaxResults: aws.Int32(11)},
			code: "ValidationException", msg: "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
		},
		"relative path": {
			in: ssm.GetParametersByPathInput{Path: aws.String("app")}, code: "ValidationException", msg: "*",
		},
		"bad token": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/app"), NextToken: aws.String("garbage!")}, code: "InvalidNextToken", msg: "The specified token isn't valid.",
		},
		"name filter not allowed": {
			in: ssm.GetParametersByPathInput{Path: aws.String("/app"), ParameterFilters: []ssmtypes.ParameterStringFilter{
				{Key: aws.String("Name"), Values: []string{"x"}}}},
			code: "InvalidFilterKey", msg: "*",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetParametersByPath(context.Background(), &tt.in)
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

func TestDescribeParameters(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	for i := range 60 {
		put(t, c, fmt.Sprintf("/d/%02d", i), "x")
	}
	put(t, c, "/d/sub/x", "x")
	put(t, c, "/e/x", "x")
	put(t, c, "plain", "x")

	tests := map[string]struct {
		filters []ssmtypes.ParameterStringFilter
		max     int32
		count   int
		pages   int
	}{
		"all, pages of 50":  {max: 50, count: 63, pages: 2},
		"all, default page": {count: 63, pages: 7},
		"name equals":       {filters: []ssmtypes.ParameterStringFilter{{Key: aws.String("Name"), Values: []string{"plain"}}}, count: 1, pages: 1},
		"name begins with": {filters: []ssmtypes.ParameterStringFilter{
			{Key: aws.String("Name"), Option: aws.String("BeginsWith"), Values: []string{"/d/0"}}}, count: 10, pages: 1},
		"path one level": {filters: []ssmtypes.ParameterStringFilter{{Key: aws.String("Path"), Values: []string{"/d"}}}, max: 50, count: 60, pages: 2},
		"path recursive": {filters: []ssmtypes.ParameterStringFilter{
			{Key: aws.String("Path"), Option: aws.String("Recursive"), Values: []string{"/d"}}}, max: 50, count: 61, pages: 2},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			in := &ssm.DescribeParametersInput{ParameterFilters: tt.filters}
			if tt.max > 0 {
				in.MaxResults = aws.Int32(tt.max)
			}
			count, pages := 0, 0
			p := ssm.NewDescribeParametersPaginator(c, in)
			for p.HasMorePages() {
				out, err := p.NextPage(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				count += len(out.Parameters)
				pages++
			}
			if count != tt.count || pages != tt.pages {
				t.Errorf("got %d parameters in %d pages, want %d in %d", count, pages, tt.count, tt.pages)
			}
		})
	}
	_, err := c.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{MaxResults: aws.Int32(51)})
	wantAPIError(t, err, "ValidationException", "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")
	_, err = c.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{
		{Key: aws.String("Name"), Option: aws.String("Recursive"), Values: []string{"x"}}}})
	wantAPIError(t, err, "InvalidFilterOption", "*")
}

func TestTags(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	_, err := c.PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String("/t"), Value: aws.String("x"), Type: "String",
		Tags: []ssmtypes.Tag{{Key: aws.String("env"), Value: aws.String("test")}}})
	if err != nil {
		t.Fatal(err)
	}
	put(t, c, "/t", "y") // an overwrite keeps the tags
	_, err = c.AddTagsToResource(ctx, &ssm.AddTagsToResourceInput{ResourceType: "Parameter", ResourceId: aws.String("/t"),
		Tags: []ssmtypes.Tag{{Key: aws.String("team"), Value: aws.String("a")}, {Key: aws.String("env"), Value: aws.String("prod")}}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"env=prod", "team=a"}, listTags(t, c, "/t")); diff != "" {
		t.Errorf("tags after add (-want +got):\n%s", diff)
	}
	_, err = c.RemoveTagsFromResource(ctx, &ssm.RemoveTagsFromResourceInput{ResourceType: "Parameter", ResourceId: aws.String("/t"), TagKeys: []string{"env", "absent"}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"team=a"}, listTags(t, c, "/t")); diff != "" {
		t.Errorf("tags after remove (-want +got):\n%s", diff)
	}
	out, err := c.GetParametersByPath(ctx, &ssm.GetParametersByPathInput{Path: aws.String("/"), ParameterFilters: []ssmtypes.ParameterStringFilter{
		{Key: aws.String("tag:team"), Values: []string{"a"}}}})
	if err != nil || len(out.Parameters) != 1 {
		t.Errorf("tag filter: %v %v", out, err)
	}
	_, err = c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: "Parameter", ResourceId: aws.String("/missing")})
	var badID *ssmtypes.InvalidResourceId
	if !errors.As(err, &badID) {
		t.Errorf("tags of a missing parameter: %v, want InvalidResourceId", err)
	}
	_, err = c.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: "Document", ResourceId: aws.String("/t")})
	var badType *ssmtypes.InvalidResourceType
	if !errors.As(err, &badType) {
		t.Errorf("tags of a document: %v, want InvalidResourceType", err)
	}
}

func listTags(t *testing.T, c *ssm.Client, name string) []string {
	t.Helper()
	out, err := c.ListTagsForResource(context.Background(), &ssm.ListTagsForResourceInput{ResourceType: "Parameter", ResourceId: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, tag := range out.TagList {
		tags = append(tags, aws.ToString(tag.Key)+"="+aws.ToString(tag.Value))
	}
	return tags
}

func TestIsolation(t *testing.T) {
	ts := awssimtest.Start(t)
	a := ssmClient(ts, acctA, region)
	put(t, a, "/shared/name", "A")
	put(t, ssmClient(ts, acctB, region), "/shared/name", "B")
	put(t, ssmClient(ts, acctA, "us-east-1"), "/shared/name", "A-us")

	if got := get(t, a, "/shared/name"); got != "A" {
		t.Errorf("account A eu-west-1 sees %q", got)
	}
	if got := get(t, ssmClient(ts, acctB, region), "/shared/name"); got != "B" {
		t.Errorf("account B sees %q", got)
	}
	if got := get(t, ssmClient(ts, acctA, "us-east-1"), "/shared/name"); got != "A-us" {
		t.Errorf("account A us-east-1 sees %q", got)
	}
	_, err := ssmClient(ts, "333333333333", region).GetParameter(context.Background(), &ssm.GetParameterInput{Name: aws.String("/shared/name")})
	wantAPIError(t, err, "ParameterNotFound", "")
}
