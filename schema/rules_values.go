package schema

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The rules for values that flightplan passes to AWS as they are: tags,
// environment variables and references to secrets. The errors never repeat
// a secret reference or a string that may hold a secret; they say what is
// wrong and where in the string.

// CheckText reports a control character in s: AWS refuses NUL and the
// other C0 and C1 control characters in names, tags and parameters. Tabs
// and line breaks are allowed unless names is true (s is a name or a tag,
// which are one line). The error gives the character's position and code,
// not s.
func CheckText(s string, names bool) error {
	for i, r := range s {
		if !unicode.IsControl(r) || !names && (r == '\t' || r == '\n' || r == '\r') {
			continue
		}
		return fmt.Errorf("the string holds the control character %U%s at byte %d; AWS refuses control characters here. Remove it",
			r, controlName(r), i)
	}
	return nil
}

func controlName(r rune) string {
	switch r {
	case 0:
		return " (NUL)"
	case '\t':
		return " (tab)"
	case '\n':
		return " (line feed)"
	case '\r':
		return " (carriage return)"
	}
	return ""
}

// CheckTag reports a tag AWS would refuse: a key with the prefix "aws:",
// which AWS reserves for its own tags, a key of more than 128 characters
// or none, a value of more than 256 characters, or a control character.
func CheckTag(key, value string) error {
	switch n := utf8.RuneCountInString(key); {
	case n == 0 || n > 128:
		return fmt.Errorf("tag key %q is %d characters long; AWS accepts keys of 1 to 128 characters", key, n)
	case strings.HasPrefix(strings.ToLower(key), "aws:"):
		return fmt.Errorf("tag key %q starts with \"aws:\", a prefix AWS reserves for the tags it sets itself; rename the key", key)
	}
	if err := CheckText(key, true); err != nil {
		return fmt.Errorf("tag key %q: %w", key, err)
	}
	if n := utf8.RuneCountInString(value); n > 256 {
		return fmt.Errorf("the value of tag %q is %d characters long; AWS accepts values of at most 256 characters", key, n)
	}
	if err := CheckText(value, true); err != nil {
		return fmt.Errorf("the value of tag %q: %w", key, err)
	}
	return nil
}

// ssmNameRE is the characters of an SSM parameter name.
var ssmNameRE = lazyRegexp(`^[A-Za-z0-9_.\-/]+$`)

// secretNameRE is the characters of a Secrets Manager secret name.
var secretNameRE = lazyRegexp(`^[A-Za-z0-9/_+=.@\-]+$`)

// MaxParameterName is the longest SSM parameter name.
const MaxParameterName = 1011

// CheckSecretRef reports whether ref, the value of an entry of secrets,
// is what ECS accepts as a secret's valueFrom: the name or path of an SSM
// parameter (db-url, /shop/test/db-url), the ARN of an SSM parameter, or
// the ARN of a Secrets Manager secret (with an optional
// :json-key:version-stage:version-id suffix). The error does not repeat
// ref.
func CheckSecretRef(ref string) error {
	if err := CheckText(ref, true); err != nil {
		return err
	}
	if strings.HasPrefix(ref, "arn:") {
		return checkSecretARN(ref)
	}
	if err := checkParameterName(ref); err != nil {
		return fmt.Errorf("the value is neither an ARN nor an SSM parameter name: %w", err)
	}
	return nil
}

// checkParameterName applies SSM's rules for parameter names.
func checkParameterName(name string) error {
	switch {
	case len(name) > MaxParameterName:
		return fmt.Errorf("it is %d characters long, and SSM parameter names have at most %d", len(name), MaxParameterName)
	case !ssmNameRE().MatchString(name):
		return fmt.Errorf("it holds characters other than letters, digits and . _ - / (a secret's value goes in SSM or Secrets Manager; here goes its name, such as /shop/test/db-url, or its ARN)")
	case strings.Contains(name, "/") && !strings.HasPrefix(name, "/"):
		return fmt.Errorf("a parameter path must start with a slash, as in /shop/test/db-url")
	case strings.Contains(name, "//") || strings.HasSuffix(name, "/"):
		return fmt.Errorf("a parameter path has an empty level (two slashes in a row, or a trailing slash)")
	case strings.Count(name, "/") > 15:
		return fmt.Errorf("a parameter path has at most 15 levels")
	}
	first := strings.ToLower(strings.TrimPrefix(name, "/"))
	if !strings.HasPrefix(name, "/") && (strings.HasPrefix(first, "aws") || strings.HasPrefix(first, "ssm")) {
		return fmt.Errorf("parameter names starting with \"aws\" or \"ssm\" are reserved by AWS")
	}
	return nil
}

// checkSecretARN checks the ARN of an SSM parameter or a Secrets Manager
// secret.
func checkSecretARN(arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return fmt.Errorf("the value starts with arn: but is not an ARN; write arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE")
	}
	partition, service, region, account, resource := parts[1], parts[2], parts[3], parts[4], parts[5]
	switch {
	case service != "ssm" && service != "secretsmanager":
		return fmt.Errorf("the ARN is neither an SSM parameter's (arn:aws:ssm:…) nor a Secrets Manager secret's (arn:aws:secretsmanager:…)")
	case partition != "aws" && !strings.HasPrefix(partition, "aws-"):
		return fmt.Errorf("the ARN's partition must be aws, aws-cn, aws-us-gov or another aws- partition")
	case CheckRegion(region) != nil:
		return fmt.Errorf("the ARN's region is not an AWS region name")
	case CheckAccount(account) != nil:
		return fmt.Errorf("the ARN's account is not a 12-digit account ID")
	}
	if service == "ssm" {
		name, ok := strings.CutPrefix(resource, "parameter/")
		if !ok {
			return fmt.Errorf("an SSM ARN here must name a parameter: arn:aws:ssm:REGION:ACCOUNT:parameter/NAME")
		}
		if err := checkParameterName("/" + name); err != nil {
			return fmt.Errorf("the ARN's parameter name is not valid: %w", err)
		}
		return nil
	}
	name, ok := strings.CutPrefix(resource, "secret:")
	if !ok {
		return fmt.Errorf("a Secrets Manager ARN here must name a secret: arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME")
	}
	name, _, _ = strings.Cut(name, ":") // then :json-key:version-stage:version-id
	if len(name) == 0 || len(name) > 512 || !secretNameRE().MatchString(name) {
		return fmt.Errorf("the ARN's secret name must be 1 to 512 letters, digits and / _ + = . @ -")
	}
	return nil
}

// CheckS3ObjectARN reports whether arn names an S3 object:
// arn:PARTITION:s3:::BUCKET/KEY.
func CheckS3ObjectARN(arn string) error {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "s3" || parts[3] != "" || parts[4] != "" {
		return fmt.Errorf("an S3 object's ARN is arn:aws:s3:::BUCKET/KEY, with no region or account")
	}
	bucket, key, ok := strings.Cut(parts[5], "/")
	if !ok || bucket == "" || key == "" {
		return fmt.Errorf("the ARN names no object: write arn:aws:s3:::BUCKET/KEY")
	}
	return nil
}
