package s3

import (
	"slices"
	"strings"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
)

const policyType = "AWS::S3::BucketPolicy"

// appliedPolicy keeps a bucket's readers in step with its stack's bucket
// policy: the account roots an Allow statement grants s3:GetObject (or
// s3:*, s3:Get*) on its objects. It is all of bucket policies the
// simulator evaluates: who else may read a template by TemplateURL.
func (x *Service) appliedPolicy(ev cfn.ResourceEvent) {
	props := ev.Props()
	b := x.bucket(cfntemplate.String(props["Bucket"]))
	if b == nil {
		return
	}
	switch ev.Status {
	case "CREATE_COMPLETE", "UPDATE_COMPLETE":
		b.Readers = policyReaders(cfntemplate.AsMap(props["PolicyDocument"]), b.Account)
	case "DELETE_COMPLETE":
		b.Readers = nil
	}
}

// policyReaders are the accounts, other than owner, whose roots a policy
// document allows to get objects.
func policyReaders(doc map[string]any, owner string) []string {
	var out []string
	stmts, _ := doc["Statement"].([]any)
	for _, s := range stmts {
		st := cfntemplate.AsMap(s)
		if cfntemplate.String(st["Effect"]) != "Allow" || !allowsGet(st["Action"]) {
			continue
		}
		for _, p := range asStrings(cfntemplate.AsMap(st["Principal"])["AWS"]) {
			acct, ok := strings.CutPrefix(p, "arn:aws:iam::")
			acct, root := strings.CutSuffix(acct, ":root")
			if ok && root && acct != owner && !slices.Contains(out, acct) {
				out = append(out, acct)
			}
		}
	}
	slices.Sort(out)
	return out
}

func allowsGet(action any) bool {
	for _, a := range asStrings(action) {
		switch a {
		case "s3:GetObject", "s3:Get*", "s3:*", "*":
			return true
		}
	}
	return false
}

// asStrings reads a policy element that is a string or a list of them.
func asStrings(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	list, _ := v.([]any)
	for _, e := range list {
		out = append(out, cfntemplate.String(e))
	}
	return out
}
