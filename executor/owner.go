package executor

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"flightplan/cloud"
	"flightplan/planner"
)

// Ownership: whatever the plan says, apply updates and deletes only what
// belongs to the application. Right before it changes a stack that exists
// (an update, the delete of a recreate, a delete) or overwrites or deletes
// an SSM document, the executor reads the object's tags and refuses unless
// it carries copilot-application={app} — the tag by which the live state
// recognises the app's stacks — and, for a document, unless its name is
// also the app's document path or under it (where the live state looks
// for documents). Creates are not checked: a stack that exists is updated,
// not created, and a new document is put without overwriting.
//
// This holds independently of the plan's own verification (planner.Verify):
// a plan built by hand, or a verification blind spot, still cannot change
// another application's stacks, or a stack nobody tagged.

// NotOwnedError refuses to change a stack or document that is not the
// application's.
type NotOwnedError struct {
	Op   string // "update", "delete" or "overwrite"
	Kind string // "stack" or "document"
	Name string
	App  string
	// Why says what is missing: the tag, or the path.
	Why string
}

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("refusing to %s %s %s: %s, so it is not application %s's; nothing was changed",
		e.Op, e.Kind, e.Name, e.Why, e.App)
}

// ownStack checks that the live stack id carries the app's tag.
func (s *stackOp) ownStack(ctx context.Context, op, id string) error {
	out, err := s.api.DescribeStacks(ctx, &cloudformation.DescribeStacksInput{StackName: aws.String(id)})
	if err != nil {
		return fmt.Errorf("reading the tags of stack %s: %w", s.name, cloud.Unwrap(err))
	}
	for _, st := range out.Stacks {
		for _, t := range st.Tags {
			if aws.ToString(t.Key) == planner.TagApplication && aws.ToString(t.Value) == s.app {
				return nil
			}
		}
	}
	return &NotOwnedError{Op: op, Kind: "stack", Name: s.name, App: s.app,
		Why: fmt.Sprintf("it does not carry the tag %s=%s", planner.TagApplication, s.app)}
}

// ownDocument checks that a document is the app's by its name and tag. A
// document that does not exist is nobody's: putting it creates it,
// deleting it does nothing.
func (d documents) ownDocument(ctx context.Context, op, name string) error {
	root := planner.AppPath(d.app)
	if name != root && !strings.HasPrefix(name, root+"/") {
		return &NotOwnedError{Op: op, Kind: "document", Name: name, App: d.app, Why: "its name is not under " + root}
	}
	out, err := d.api.ListTagsForResource(ctx, &ssm.ListTagsForResourceInput{ResourceType: ssmtypes.ResourceTypeForTaggingParameter, ResourceId: aws.String(name)})
	if cloud.IsCode(err, "InvalidResourceId") {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the tags of document %s: %w", name, cloud.Unwrap(err))
	}
	for _, t := range out.TagList {
		if aws.ToString(t.Key) == planner.TagApplication && aws.ToString(t.Value) == d.app {
			return nil
		}
	}
	return &NotOwnedError{Op: op, Kind: "document", Name: name, App: d.app,
		Why: fmt.Sprintf("it does not carry the tag %s=%s", planner.TagApplication, d.app)}
}
