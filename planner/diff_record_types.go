package planner

import (
	"fmt"
	"strings"

	"flightplan/stacks"
)

// keepRecordTypes compiles a node's template against its deployed stack's
// resource types: a record flightplan deployed as an AWS::Route53::RecordSet
// stays one where the compiler now writes Copilot's RecordSetGroup
// (stacks.KeepRecordTypes), since CloudFormation refuses a type change.
// The node returned is the one the plan deploys.
func keepRecordTypes(n *stacks.Node, live *LiveStack) (*stacks.Node, []string, error) {
	if live == nil || len(live.Template) == 0 {
		return n, nil, nil
	}
	deployed, err := parseTemplate(live.Template)
	if err != nil {
		return n, nil, nil // diffStack reports it
	}
	types := map[string]string{}
	res, _ := deployed["Resources"].(map[string]any)
	for id, r := range res {
		if rm, ok := r.(map[string]any); ok {
			types[id], _ = rm["Type"].(string)
		}
	}
	tmpl, kept, err := stacks.KeepRecordTypes(n.Stack.Template, types)
	if err != nil || len(kept) == 0 {
		return n, nil, err
	}
	st := *n.Stack
	st.Template = tmpl
	out := *n
	out.Stack = &st
	note := fmt.Sprintf("stack %s keeps %s as AWS::Route53::RecordSet, the type it was deployed with (CloudFormation cannot change a resource's type in place)",
		n.Stack.Name, strings.Join(kept, ", "))
	return &out, []string{note}, nil
}
