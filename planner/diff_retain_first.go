package planner

import (
	"fmt"
	"slices"
	"strings"
)

// Custom resources Copilot's stacks hold and flightplan's do not.
//
// Copilot's environment and workload stacks hold Lambda-backed custom
// resources (DNS delegation, certificate validation, custom domains,
// listener rule priorities, the environment controller, the dynamic desired
// count). Their delete handlers undo live state: they remove DNS records,
// delegations and validation records, or update the environment stack. A
// take-over removes them without running those handlers, in two steps: an
// update of the live template that only sets their DeletionPolicy to
// Retain (CloudFormation then skips their deletion and sends no Delete),
// then the update to flightplan's template that removes them.

// A CodeStar connection (SourceConnection of Copilot's pipeline stacks) is
// removed the same way: the adopted file names it by ARN (connection_arn),
// and deleting it would leave the pipeline without its source until a new
// connection's handshake is done in the console.
const codeStarConnection = "AWS::CodeStarConnections::Connection"

// isCustomResource reports whether a type is a custom resource.
func isCustomResource(typ string) bool {
	return strings.HasPrefix(typ, "Custom::") || typ == "AWS::CloudFormation::CustomResource"
}

// retainFirst plans the first step on every update of a stack Copilot
// deployed that removes custom resources not already retained.
func retainFirst(idx *liveIndex, changes []*Change) {
	for _, c := range changes {
		if !updatesStack(c) {
			continue
		}
		live := liveTemplate(idx, c.Addr)
		if !deployedByCopilot(live) {
			continue
		}
		res := asMap(live["Resources"])
		for i := range c.Stack.Resources {
			r := &c.Stack.Resources[i]
			if r.Action != Delete || !(isCustomResource(r.Type) || r.Type == codeStarConnection) || r.Retained || asMap(res[r.LogicalID])["DeletionPolicy"] == "Retain" {
				continue
			}
			r.Retained = true
			c.Stack.RetainFirst = append(c.Stack.RetainFirst, r.LogicalID)
		}
		if len(c.Stack.RetainFirst) > 0 {
			slices.Sort(c.Stack.RetainFirst)
			c.Reasons = append(c.Reasons, fmt.Sprintf("removes Copilot's custom resources or connections %s in two steps, so that no delete reaches them",
				strings.Join(c.Stack.RetainFirst, ", ")))
		}
	}
}
