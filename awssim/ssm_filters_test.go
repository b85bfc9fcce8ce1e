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

// TestDescribeParametersFilterValidation checks the errors AWS returns for
// filters, in its words: the constraints of the filter shape first (all
// of them in one message), then the rules of each key.
func TestDescribeParametersFilterValidation(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	type filter = ssmtypes.ParameterStringFilter
	f := func(key, option string, values ...string) filter {
		out := filter{Key: aws.String(key), Values: values}
		if option != "" {
			out.Option = aws.String(option)
		}
		return out
	}
	fifty1 := strings.Split(strings.Repeat("v,", 50)+"v", ",")
	long := strings.Repeat("t", 1025)
	tests := map[string]struct {
		filters   []filter
		code, msg string
	}{
		"key pattern": {filters: []filter{f("key", "", "x")}, code: "ValidationException",
			msg: "1 validation error detected: Value 'key' at 'parameterFilters.1.member.key' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType"},
		"key length": {filters: []filter{f("tag:"+strings.Repeat("t", 129), "")}, code: "ValidationException",
			msg: "1 validation error detected: Value 'tag:" + strings.Repeat("t", 129) + "' at 'parameterFilters.1.member.key' failed to satisfy constraint: " +
				"Member must have length less than or equal to 132"},
		"option length": {filters: []filter{f("Name", "over 10 chars", "x")}, code: "ValidationException",
			msg: "1 validation error detected: Value 'over 10 chars' at 'parameterFilters.1.member.option' failed to satisfy constraint: " +
				"Member must have length less than or equal to 10"},
		"value count": {filters: []filter{f("Name", "", fifty1...)}, code: "ValidationException",
			msg: "1 validation error detected: Value '[" + strings.Join(fifty1, ", ") + "]' at 'parameterFilters.1.member.values' failed to satisfy constraint: " +
				"Member must have length less than or equal to 50"},
		"value length": {filters: []filter{f("Name", "", long)}, code: "ValidationException",
			msg: "1 validation error detected: Value '[" + long + "]' at 'parameterFilters.1.member.values' failed to satisfy constraint: " +
				"Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1]"},
		"two problems": {filters: []filter{f("Name", "over 10 chars", "x"), f("key", "", "x")}, code: "ValidationException",
			msg: "2 validation errors detected: Value 'over 10 chars' at 'parameterFilters.1.member.option' failed to satisfy constraint: " +
				"Member must have length less than or equal to 10; Value 'key' at 'parameterFilters.2.member.key' failed to satisfy constraint: " +
				"Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType"},
		// The SDK's model of InvalidFilterKey has no message member: only
		// the code reaches the caller.
		"label key":      {filters: []filter{f("Label", "", "x")}, code: "InvalidFilterKey", msg: ""},
		"duplicate name": {filters: []filter{f("Name", "", "a"), f("Name", "", "b")}, code: "InvalidFilterKey", msg: ""},
		"name without values": {filters: []filter{f("Name", "")}, code: "InvalidFilterValue",
			msg: "The following filter values are missing : null for filter key Name."},
		"reserved path": {filters: []filter{f("Path", "", "/aws", "/ssm")}, code: "ValidationException",
			msg: `Filters for common parameters can't be prefixed with "aws" or "ssm" (case-insensitive). When using global parameters, please specify within a global namespace.`},
		"reserved path, any case": {filters: []filter{f("Path", "Recursive", "/SSM/x")}, code: "ValidationException", msg: "*"},
		"path option": {filters: []filter{f("Path", "Equals", "/x")}, code: "InvalidFilterOption",
			msg: "The following filter option is not valid: Equals. Valid options include: [Recursive, OneLevel]."},
		"bad path": {filters: []filter{f("Path", "", "//")}, code: "ValidationException", msg: "*"},
		"unknown tier": {filters: []filter{f("Tier", "", "test")}, code: "InvalidFilterValue",
			msg: "The following filter value is not valid: test. Valid values include: [Standard, Advanced, Intelligent-Tiering]."},
		"unknown type": {filters: []filter{f("Type", "", "test")}, code: "InvalidFilterValue",
			msg: "The following filter value is not valid: test. Valid values include: [String, StringList, SecureString]."},
		"unknown option": {filters: []filter{f("KeyId", "option", "x")}, code: "InvalidFilterOption",
			msg: "The following filter option is not valid: option. Valid options include: [BeginsWith, Equals]."},
		"contains on a tag": {filters: []filter{f("tag:k", "Contains", "x")}, code: "InvalidFilterOption", msg: "*"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := c.DescribeParameters(context.Background(), &ssm.DescribeParametersInput{ParameterFilters: tt.filters})
			wantAPIError(t, err, tt.code, tt.msg)
		})
	}
}

// TestDescribeParametersBeginsWith checks BeginsWith on KeyId and on tag
// values, and a tag key without values, which matches any value.
func TestDescribeParametersBeginsWith(t *testing.T) {
	ts := awssimtest.Start(t)
	c := ssmClient(ts, acctA, region)
	ctx := context.Background()
	for name, key := range map[string]string{"/s/default": "", "/s/custom": "alias/custom", "/s/other": "key-123"} {
		in := &ssm.PutParameterInput{Name: aws.String(name), Value: aws.String("x"), Type: "SecureString"}
		if key != "" {
			in.KeyId = aws.String(key)
		}
		if _, err := c.PutParameter(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	put(t, c, "/t/eggs", "x")
	put(t, c, "/t/ham", "x")
	put(t, c, "/t/none", "x")
	tagThrough(t, c, "/t/eggs", "spam", "eggs-1")
	tagThrough(t, c, "/t/ham", "spam", "ham")
	tests := map[string]struct {
		filter ssmtypes.ParameterStringFilter
		want   []string
	}{
		"KeyId BeginsWith": {filter: ssmtypes.ParameterStringFilter{Key: aws.String("KeyId"), Option: aws.String("BeginsWith"), Values: []string{"alias/"}},
			want: []string{"/s/custom", "/s/default"}},
		"tag BeginsWith": {filter: ssmtypes.ParameterStringFilter{Key: aws.String("tag:spam"), Option: aws.String("BeginsWith"), Values: []string{"egg"}},
			want: []string{"/t/eggs"}},
		"tag Equals": {filter: ssmtypes.ParameterStringFilter{Key: aws.String("tag:spam"), Values: []string{"eggs"}}},
		"tag present": {filter: ssmtypes.ParameterStringFilter{Key: aws.String("tag:spam")},
			want: []string{"/t/eggs", "/t/ham"}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := c.DescribeParameters(ctx, &ssm.DescribeParametersInput{ParameterFilters: []ssmtypes.ParameterStringFilter{tt.filter}})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range out.Parameters {
				got = append(got, aws.ToString(p.Name))
				if p.Policies == nil {
					t.Errorf("%s: Policies is absent, want an empty list", aws.ToString(p.Name))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("names (-want +got):\n%s", diff)
			}
		})
	}
}
