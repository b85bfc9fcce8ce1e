package schema

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckSecretsManagerName(t *testing.T) {
	for in, want := range map[string]string{
		"db":                           "",
		"shop/db:password::":           "",
		"shop/db:password:AWSCURRENT:": "",
		"db:password":                  "has 2 parts",
		"":                             "name is empty",
		"db name":                      "letters, digits",
		strings.Repeat("a", 513):       "513 characters",
	} {
		err := CheckSecretsManagerName(in)
		if (err == nil) != (want == "") || err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("CheckSecretsManagerName(%.20q) = %v, want %q", in, err, want)
		}
	}
}

func TestSplitImports(t *testing.T) {
	a, b := ImportMarker("shared-A"), ImportMarker("shared-B")
	for in, want := range map[string][]StringPart{
		"plain":             {{Text: "plain"}},
		"":                  {{Text: ""}},
		a:                   {{Import: "shared-A"}},
		"db." + a + ":" + b: {{Text: "db."}, {Import: "shared-A"}, {Text: ":"}, {Import: "shared-B"}},
		a + "/x":            {{Import: "shared-A"}, {Text: "/x"}},
	} {
		if diff := cmp.Diff(want, SplitImports(in)); diff != "" {
			t.Errorf("SplitImports(%q) (-want +got):\n%s", in, diff)
		}
	}
	if name, ok := OnlyImport(a); !ok || name != "shared-A" {
		t.Errorf("OnlyImport(marker) = %q, %v", name, ok)
	}
	if _, ok := OnlyImport("x" + a); ok {
		t.Error("OnlyImport accepts a marker among text")
	}
	if HasImport("arn:aws:ssm:us-east-1:111111111111:parameter/x") {
		t.Error("HasImport finds a marker in plain text")
	}
}

func TestCheckExportAndS3ARN(t *testing.T) {
	for in, ok := range map[string]bool{"shop-test-VpcId": true, "a:b-c": true, "no spaces": false, "": false} {
		if got := CheckExportName(in) == nil; got != ok {
			t.Errorf("CheckExportName(%q) ok = %v, want %v", in, got, ok)
		}
	}
	for in, ok := range map[string]bool{
		"arn:aws:s3:::bucket/app.env":          true,
		"arn:aws:s3:us-east-1::bucket/app.env": false,
		"arn:aws:s3:::bucket":                  false,
		"arn:aws:ssm:::bucket/app.env":         false,
	} {
		if got := CheckS3ObjectARN(in) == nil; got != ok {
			t.Errorf("CheckS3ObjectARN(%q) ok = %v, want %v", in, got, ok)
		}
	}
}
