package schema

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	for name, tc := range map[string]struct {
		in    string
		names bool
		want  string // "" when valid
	}{
		"plain":                {in: "hello world", want: ""},
		"newline in a value":   {in: "line1\nline2\ttab", want: ""},
		"newline in a name":    {in: "a\nb", names: true, want: "U+000A (line feed) at byte 1"},
		"nul":                  {in: "ab\x00c", want: "U+0000 (NUL) at byte 2"},
		"escape":               {in: "\x1b[31m", want: "U+001B at byte 0"},
		"c1 control":           {in: "a\u0085", want: "U+0085 at byte 1"},
		"non-ascii is allowed": {in: "café ☕", names: true, want: ""},
	} {
		t.Run(name, func(t *testing.T) {
			checkErr(t, CheckText(tc.in, tc.names), tc.want)
		})
	}
}

func TestCheckTag(t *testing.T) {
	for name, tc := range map[string]struct {
		key, value, want string
	}{
		"ok":              {"team", "payments", ""},
		"aws prefix":      {"aws:cloudformation:stack-name", "x", `starts with "aws:"`},
		"aws prefix case": {"AWS:owner", "x", `starts with "aws:"`},
		"awsome is fine":  {"awsome", "x", ""},
		"empty key":       {"", "x", "1 to 128 characters"},
		"long key":        {strings.Repeat("k", 129), "x", "1 to 128 characters"},
		"long value":      {"k", strings.Repeat("v", 257), "at most 256 characters"},
		"nul in value":    {"k", "a\x00", `the value of tag "k": the string holds the control character U+0000 (NUL)`},
		"newline in key":  {"a\nb", "x", "U+000A (line feed)"},
	} {
		t.Run(name, func(t *testing.T) {
			checkErr(t, CheckTag(tc.key, tc.value), tc.want)
		})
	}
}

func TestCheckSecretRef(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want string
	}{
		"name":                  {"db-url", ""},
		"path":                  {"/shop/test/db-url", ""},
		"ssm arn":               {"arn:aws:ssm:us-east-1:111111111111:parameter/shop/db", ""},
		"secrets manager arn":   {"arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf", ""},
		"secret json key":       {"arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf:password::", ""},
		"gov partition":         {"arn:aws-us-gov:ssm:us-gov-west-1:111111111111:parameter/db", ""},
		"a secret value":        {"hunter2 is my password!", "neither an ARN nor an SSM parameter name"},
		"relative path":         {"shop/db", "must start with a slash"},
		"empty level":           {"/shop//db", "empty level"},
		"trailing slash":        {"/shop/db/", "empty level"},
		"reserved prefix":       {"ssm-db", "reserved by AWS"},
		"too deep":              {strings.Repeat("/a", 16), "at most 15 levels"},
		"too long":              {"/" + strings.Repeat("a", MaxParameterName), "at most 1011"},
		"nul":                   {"/shop/db\x00", "U+0000 (NUL)"},
		"not an arn":            {"arn:aws:ssm", "is not an ARN"},
		"other service":         {"arn:aws:s3:us-east-1:111111111111:bucket/x", "neither an SSM parameter's"},
		"ssm not a parameter":   {"arn:aws:ssm:us-east-1:111111111111:document/x", "must name a parameter"},
		"bad region":            {"arn:aws:ssm:moon-1:111111111111:parameter/x", "region"},
		"bad account":           {"arn:aws:ssm:us-east-1:1111:parameter/x", "12-digit"},
		"bad partition":         {"arn:gcp:ssm:us-east-1:111111111111:parameter/x", "partition"},
		"bad secret name":       {"arn:aws:secretsmanager:us-east-1:111111111111:secret:a b", "secret name"},
		"secretsmanager no key": {"arn:aws:secretsmanager:us-east-1:111111111111:db", "must name a secret"},
	} {
		t.Run(name, func(t *testing.T) {
			err := CheckSecretRef(tc.in)
			checkErr(t, err, tc.want)
			if err != nil && len(tc.in) > 6 && strings.Contains(err.Error(), tc.in) {
				t.Errorf("the error repeats the secret reference: %v", err)
			}
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want one mentioning %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("error %q does not mention %q", err, want)
	}
}
