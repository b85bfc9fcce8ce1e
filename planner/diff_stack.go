package planner

import (
	"fmt"
	"slices"
	"strings"

	"flightplan/stacks"
)

// Stack statuses the diff treats specially.
const (
	statusRollbackComplete = "ROLLBACK_COMPLETE"
	statusReviewInProgress = "REVIEW_IN_PROGRESS"
	noEchoMask             = "****"
)

// diffStack compares a node's desired stack with its live stack (nil when
// absent). It returns the change, the reasons for the node's action, and
// notes for the plan.
func diffStack(n *stacks.Node, live *LiveStack, replaces func(string, []string) bool, keys *DigestKeys) (*StackChange, []string, []string, error) {
	want := n.Stack
	desired, err := parseTemplate(want.Template)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the compiled template of stack %s: %w", want.Name, err)
	}
	switch {
	case live == nil:
		return newStack(want, desired, Create, replaces), []string{fmt.Sprintf("stack %s does not exist", want.Name)}, nil, nil
	case live.Status == statusRollbackComplete:
		sc := newStack(want, desired, Recreate, replaces)
		sc.StackID, sc.Status = live.ID, live.Status
		return sc, []string{fmt.Sprintf("stack %s is in ROLLBACK_COMPLETE after a failed first create: it will be deleted and created again", want.Name)}, nil, nil
	case live.Status == statusReviewInProgress:
		sc := newStack(want, desired, Create, replaces)
		sc.StackID, sc.Status = live.ID, live.Status
		return sc, []string{fmt.Sprintf("stack %s was never created (REVIEW_IN_PROGRESS: a change set was made but not executed)", want.Name)}, nil, nil
	}
	deployed, err := parseTemplate(live.Template)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the deployed template of stack %s: %w", live.Name, err)
	}
	sc := &StackChange{Name: want.Name, StackID: live.ID, Status: live.Status, DeployMode: want.DeployMode}
	sc.Resources, sc.Outputs, sc.Sections = diffTemplates(deployed, desired, replaces)
	sc.Parameters = diffStackParameters(want, desired, deployed, live.Parameters)
	sc.Tags = diffTags(live.Tags, want.Tags)
	why := stackReasons(sc)
	if secrets, secretsWhy := diffSensitive(keys, want, desired, live); len(secrets) > 0 {
		sc.Parameters = append(sc.Parameters, secrets...)
		why = append(why, secretsWhy)
	}
	sc.Action = NoOp
	if stackChanged(sc) {
		sc.Action = Update
	}
	if retryable(live.Status) {
		sc.Action = Update
		why = append(why, fmt.Sprintf("stack %s is in %s: apply retries its failed operation", want.Name, live.Status))
	}
	return sc, why, statusNotes(live, sc.Action), nil
}

// newStack is the change for a stack that will be created from nothing:
// its resources, parameters and tags; the template's other sections are not
// listed (the template describes them).
func newStack(want *stacks.Stack, desired map[string]any, action Action, replaces func(string, []string) bool) *StackChange {
	sc := &StackChange{Name: want.Name, Action: action, DeployMode: want.DeployMode}
	sc.Resources, _, _ = diffTemplates(nil, desired, replaces)
	sc.Parameters = diffStackParameters(want, desired, nil, nil)
	sc.Tags = diffTags(nil, want.Tags)
	return sc
}

func stackChanged(sc *StackChange) bool {
	return len(sc.Resources)+len(sc.Outputs)+len(sc.Sections)+len(sc.Parameters)+len(sc.Tags) > 0
}

func stackReasons(sc *StackChange) []string {
	var why []string
	if len(sc.Resources)+len(sc.Outputs)+len(sc.Sections) > 0 {
		why = append(why, fmt.Sprintf("the template of stack %s differs from the deployed one", sc.Name))
	}
	if len(sc.Parameters) > 0 {
		why = append(why, fmt.Sprintf("parameters of stack %s differ", sc.Name))
	}
	if len(sc.Tags) > 0 {
		why = append(why, fmt.Sprintf("tags of stack %s differ", sc.Name))
	}
	return why
}

// statusNotes tells the user about a stack that is not at rest, and what
// apply will do with it given the node's planned action.
func statusNotes(live *LiveStack, action Action) []string {
	switch {
	case StackInProgress(live.Status) && action == NoOp:
		return []string{fmt.Sprintf("stack %s is in %s: the plan compares the file with the template being deployed; "+
			"apply does not change it, and waits for the operation to end before the nodes that depend on it (if it ends in a rollback, they are skipped: run plan again)", live.Name, live.Status)}
	case StackInProgress(live.Status):
		return []string{fmt.Sprintf("stack %s is in %s: apply will wait for the operation to end, then update the stack", live.Name, live.Status)}
	case retryable(live.Status):
		return []string{fmt.Sprintf("stack %s is in %s%s: its last operation failed with rollback disabled (apply --no-rollback) "+
			"and kept what it had provisioned; fix the cause, then apply retries the operation from where it stopped, "+
			"or roll it back first with aws cloudformation rollback-stack --stack-name %s --region %s",
			live.Name, live.Status, reasonSuffix(live), live.Name, live.Region)}
	case strings.HasSuffix(live.Status, "_FAILED"):
		return []string{fmt.Sprintf("stack %s is in %s%s%s; %s", live.Name, live.Status, reasonSuffix(live), recoveryStep(live), failedAction(action))}
	}
	return nil
}

func reasonSuffix(live *LiveStack) string {
	if live.StatusReason == "" {
		return ""
	}
	return " (" + live.StatusReason + ")"
}

// recoveryStep is what a failed stack needs before it can change again.
func recoveryStep(live *LiveStack) string {
	cmd := func(verb string) string {
		return fmt.Sprintf("aws cloudformation %s --stack-name %s --region %s", verb, live.Name, live.Region)
	}
	switch live.Status {
	case "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_FAILED":
		return ": it cannot change until its rollback is continued (" + cmd("continue-update-rollback") + ")"
	case "ROLLBACK_FAILED":
		return ": it cannot change until it is deleted (" + cmd("delete-stack") + ")"
	}
	return ""
}

// retryable reports whether a failed stack can be updated as it is: left
// CREATE_FAILED or UPDATE_FAILED by an operation with rollback disabled,
// it keeps what was provisioned and an update retries from there.
func retryable(status string) bool {
	return status == "CREATE_FAILED" || status == "UPDATE_FAILED"
}

// failedAction says what apply does with a failed stack.
func failedAction(action Action) string {
	switch action {
	case NoOp:
		return "apply has nothing to change in it and leaves it alone"
	case Delete:
		return "apply will try to delete it again"
	}
	return "apply will fail this node, and skip what depends on it, until then"
}

// SensitiveValue stands for a sensitive value in a ValueChange: the real
// value is never stored in the plan's changes (only in its desired state).
const SensitiveValue = "(sensitive)"

// diffStackParameters compares the stack parameters. The desired values
// are the desired template's defaults overlaid with the node's values, so a
// parameter left at its default does not show as a change. A sensitive or
// NoEcho parameter is never given values in the plan; one whose live value
// CloudFormation masks ("****") is compared through the stack's digest
// tag instead (diffSensitive).
func diffStackParameters(want *stacks.Stack, desired, deployed map[string]any, live map[string]string) []ValueChange {
	wantVals := parameterDefaults(desired)
	for k, v := range want.Parameters {
		wantVals[k] = v
	}
	var out []ValueChange
	for _, k := range unionKeys(stringMap(live), stringMap(wantVals)) {
		before, had := live[k]
		after, has := wantVals[k]
		if had && has && before == after {
			continue
		}
		secret := slices.Contains(want.Sensitive, k) || isNoEcho(desired, k) || isNoEcho(deployed, k)
		if secret && had && before == noEchoMask {
			continue
		}
		out = append(out, valueChange(k, had, before, has, after, secret))
	}
	return out
}

func valueChange(path string, had bool, before string, has bool, after string, secret bool) ValueChange {
	vc := ValueChange{Path: path, Sensitive: secret}
	if secret {
		before, after = SensitiveValue, SensitiveValue
	}
	if had {
		vc.Before = before
	}
	if has {
		vc.After = after
	}
	return vc
}

func parameterDefaults(tmpl map[string]any) map[string]string {
	out := map[string]string{}
	for name, decl := range asMap(tmpl["Parameters"]) {
		if d, ok := asMap(decl)["Default"]; ok {
			out[name] = fmt.Sprint(d)
		}
	}
	return out
}

func isNoEcho(tmpl map[string]any, name string) bool {
	v := asMap(asMap(tmpl["Parameters"])[name])["NoEcho"]
	return v == true || v == "true" || v == "True"
}

// diffTags compares stack tags; tags in the aws: namespace belong to AWS,
// and TagSensitiveDigest is compared by diffSensitive.
func diffTags(live, want map[string]string) []ValueChange {
	var out []ValueChange
	for _, k := range unionKeys(stringMap(live), stringMap(want)) {
		if strings.HasPrefix(k, "aws:") || k == TagSensitiveDigest {
			continue
		}
		before, had := live[k]
		after, has := want[k]
		if had && has && before == after {
			continue
		}
		out = append(out, valueChange(k, had, before, has, after, false))
	}
	return out
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
