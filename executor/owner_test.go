package executor

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	cfntypes "github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// TestApplyChangesOnlyWhatTheAppOwns gives Apply plans that aim at stacks
// and documents that are not the app's — as an edited plan file could —
// and checks that each is refused before any write, and left as it was.
func TestApplyChangesOnlyWhatTheAppOwns(t *testing.T) {
	api := addr.Deploy("test", "api")
	tests := map[string]struct {
		stackTags []cfntypes.Tag // the existing stack's tags; nil: no stack
		docName   string         // an existing document; "" for none
		docTags   []ssmtypes.Tag
		change    func() *planner.Change
		want      string
	}{
		"the delete of an untagged stack": {
			stackTags: []cfntypes.Tag{},
			change: func() *planner.Change {
				return &planner.Change{Addr: api, Address: api.String(), Action: planner.Delete, Account: testAccount, Region: region,
					Stack: &planner.StackChange{Name: "victim-prod-db", Action: planner.Delete}}
			},
			want: "refusing to delete stack victim-prod-db: it does not carry the tag copilot-application=demo, " +
				"so it is not application demo's; nothing was changed",
		},
		"the update of another application's stack": {
			stackTags: []cfntypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String("other")}},
			change: func() *planner.Change {
				return &planner.Change{Addr: api, Address: api.String(), Action: planner.Update, Account: testAccount, Region: region,
					Desired: &stacks.Node{Addr: api, Account: testAccount, Region: region, Stack: &stacks.Stack{
						Name: "victim-prod-db", Template: topicTemplate("mine"), Tags: map[string]string{"copilot-application": "demo"}}}}
			},
			want: "refusing to update stack victim-prod-db: it does not carry the tag copilot-application=demo, " +
				"so it is not application demo's; nothing was changed",
		},
		"the overwrite of a document outside the app's path": {
			docName: "/prod/db/password",
			change: func() *planner.Change {
				return &planner.Change{Addr: addr.App(), Address: "app", Action: planner.Update, Account: appAccount, Region: region,
					Desired: &stacks.Node{Addr: addr.App(), Account: appAccount, Region: region,
						Parameters: []stacks.Parameter{{Name: "/prod/db/password", Value: "mine"}}}}
			},
			want: "refusing to overwrite document /prod/db/password: its name is not under /copilot/applications/demo, " +
				"so it is not application demo's; nothing was changed",
		},
		"the delete of an untagged document under the app's path": {
			docName: "/copilot/applications/demo/components/legacy",
			docTags: []ssmtypes.Tag{{Key: aws.String("copilot-application"), Value: aws.String("other")}},
			change: func() *planner.Change {
				w := addr.Workload("legacy")
				return &planner.Change{Addr: w, Address: w.String(), Action: planner.Delete, Account: appAccount, Region: region,
					Parameters: []*planner.ParameterChange{{Name: "/copilot/applications/demo/components/legacy", Action: planner.Delete}}}
			},
			want: "refusing to delete document /copilot/applications/demo/components/legacy: it does not carry the tag " +
				"copilot-application=demo, so it is not application demo's; nothing was changed",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ts, opts := simOptions(t)
			ctx := context.Background()
			if tc.stackTags != nil {
				_, err := cfnOf(t, opts, testAccount).CreateStack(ctx, &cloudformation.CreateStackInput{
					StackName: aws.String("victim-prod-db"), TemplateBody: aws.String(string(topicTemplate("theirs"))), Tags: tc.stackTags})
				if err != nil {
					t.Fatal(err)
				}
			}
			if tc.docName != "" {
				_, err := ssmOf(t, opts).PutParameter(ctx, &ssm.PutParameterInput{Name: aws.String(tc.docName), Value: aws.String("theirs"),
					Type: ssmtypes.ParameterTypeString, Tags: tc.docTags})
				if err != nil {
					t.Fatal(err)
				}
			}
			res, err := Apply(ctx, &planner.Plan{App: "demo", Changes: []*planner.Change{tc.change()}}, opts)
			if err == nil {
				t.Fatal("Apply succeeded")
			}
			o := res.Outcomes[tc.change().Addr]
			if o.Status != Failed || o.Err == nil || o.Err.Error() != tc.want {
				t.Fatalf("outcome %s %v, want failed: %s", o.Status, o.Err, tc.want)
			}
			if tc.stackTags != nil {
				var ops []string
				for _, op := range opsByStack(ts)["victim-prod-db"] {
					ops = append(ops, op.Operation+" "+op.Status)
				}
				if diff := cmp.Diff([]string{"CREATE CREATE_COMPLETE"}, ops); diff != "" {
					t.Errorf("operations on victim-prod-db (-want +got):\n%s", diff)
				}
			}
			if tc.docName != "" {
				if v := docValue(t, opts, tc.docName); v != "theirs" {
					t.Errorf("document %s is %q, want it untouched", tc.docName, v)
				}
			}
		})
	}
}
