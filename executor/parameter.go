package executor

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// documents writes and removes a node's SSM documents, with Copilot's
// semantics: a new document is put with its tags and Overwrite=false (so a
// document that appeared since the plan is an error, not overwritten); an
// update overwrites the value and leaves the tags alone (PutParameter
// refuses tags with Overwrite); a delete tolerates a document already gone.
type documents struct {
	api ssmAPI
	app string // the application whose documents these are (owner.go)
}

// write puts every desired document whose change is not a no-op, and
// deletes those the change removes. It returns how many it changed.
func (d documents) write(ctx context.Context, c *planner.Change) (int, error) {
	n := 0
	for _, p := range c.Desired.Parameters {
		action := parameterAction(c, p.Name)
		if action == planner.NoOp {
			continue
		}
		if err := d.put(ctx, p, action == planner.Create); err != nil {
			return n, err
		}
		n++
	}
	for _, pc := range c.Parameters {
		if pc.Action == planner.Delete {
			if err := d.remove(ctx, pc.Name); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// removeAll deletes every document a delete change names.
func (d documents) removeAll(ctx context.Context, c *planner.Change) error {
	for _, pc := range c.Parameters {
		if err := d.remove(ctx, pc.Name); err != nil {
			return err
		}
	}
	return nil
}

// parameterAction is the plan's action for the named document: its own
// change when the plan lists one, else the node's (create stays create,
// anything else overwrites).
func parameterAction(c *planner.Change, name string) planner.Action {
	for _, pc := range c.Parameters {
		if pc.Name == name {
			return pc.Action
		}
	}
	if c.Action == planner.Create {
		return planner.Create
	}
	return planner.Update
}

func (d documents) put(ctx context.Context, p stacks.Parameter, create bool) error {
	if !create {
		if err := d.ownDocument(ctx, "overwrite", p.Name); err != nil {
			return err
		}
	}
	in := &ssm.PutParameterInput{Name: aws.String(p.Name), Value: aws.String(p.Value), Type: ssmtypes.ParameterTypeString, Overwrite: aws.Bool(!create)}
	if create {
		in.Tags = parameterTags(p.Tags)
	}
	_, err := d.api.PutParameter(ctx, in)
	if create && cloud.IsCode(err, "ParameterAlreadyExists") {
		return fmt.Errorf("document %s: it exists already, but did not when the plan was made; plan again", p.Name)
	}
	if err != nil {
		return fmt.Errorf("writing document %s: %w", p.Name, cloud.Unwrap(err))
	}
	return nil
}

func (d documents) remove(ctx context.Context, name string) error {
	if err := d.ownDocument(ctx, "delete", name); err != nil {
		return err
	}
	_, err := d.api.DeleteParameter(ctx, &ssm.DeleteParameterInput{Name: aws.String(name)})
	if err != nil && !cloud.IsCode(err, "ParameterNotFound") {
		return fmt.Errorf("deleting document %s: %w", name, cloud.Unwrap(err))
	}
	return nil
}

func parameterTags(m map[string]string) []ssmtypes.Tag {
	var out []ssmtypes.Tag
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, ssmtypes.Tag{Key: aws.String(k), Value: aws.String(m[k])})
	}
	return out
}
