package cfn

import (
	"encoding/json"
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

// cfnState is the whole CloudFormation state of the simulator: every stack
// (deleted ones too, for DescribeStacks by ID), change sets, faults and the
// timeline. It is what Snapshot persists; all of it is guarded by the core's lock.
type cfnState struct {
	Stacks     []*cfnStack      `json:"stacks"`
	ChangeSets []*cfnChangeSet  `json:"changeSets"`
	Faults     []ResourceFault  `json:"faults"`
	Timeline   []StackOperation `json:"timeline"`
	Drifts     []*cfnDriftRun   `json:"drifts"`
	// CustomResponses and Invocations are the custom resource handlers'
	// configured answers and the requests they received.
	CustomResponses []CustomResourceResponse   `json:"customResponses,omitempty"`
	Invocations     []CustomResourceInvocation `json:"invocations,omitempty"`
	// Retained are resources stacks let go of, which an import takes back.
	Retained []*cfnRetained `json:"retained,omitempty"`
	// StackSets and their operations.
	StackSets   []*cfnStackSet   `json:"stackSets,omitempty"`
	StackSetOps []*cfnStackSetOp `json:"stackSetOps,omitempty"`
	Seq         int              `json:"seq"`
}

// cfnStack is one stack, live or deleted.
type cfnStack struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Account string `json:"account"`
	Region  string `json:"region"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated,omitzero"`
	Deleted time.Time `json:"deleted,omitzero"`

	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`

	// Cfg is the committed configuration: what DescribeStacks shows.
	Cfg             cfnConfig            `json:"cfg"`
	Resources       map[string]*Resource `json:"resources"`
	Events          []cfnEvent           `json:"events"`
	Op              *cfnOperation        `json:"op,omitempty"`
	DisableRollback bool                 `json:"disableRollback,omitempty"`
	ChangeSetID     string               `json:"changeSetId,omitempty"`
	DriftStatus     string               `json:"driftStatus,omitempty"`
	DriftChecked    time.Time            `json:"driftChecked,omitzero"`
	// Parent is the stack ID of a nested stack's parent.
	Parent string `json:"parent,omitempty"`
}

// cfnConfig is what a stack operation sets: the template and everything
// evaluated from it.
type cfnConfig struct {
	Template     string              `json:"template"`
	Description  string              `json:"description,omitempty"`
	Params       []cfntemplate.Param `json:"params,omitempty"`
	Outputs      []cfnOutput         `json:"outputs,omitempty"`
	Capabilities []string            `json:"capabilities,omitempty"`
	Tags         []cfnTag            `json:"tags,omitempty"`
	Imports      []string            `json:"imports,omitempty"`
	Notification []string            `json:"notification,omitempty"`
	Timeout      int                 `json:"timeout,omitempty"`
	// RoleARN is the stack's service role: CloudFormation keeps the one an
	// operation gives and uses it for the next operations that give none.
	RoleARN string `json:"roleArn,omitempty"`
}

// cfnOutput is one evaluated output.
type cfnOutput struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Description string `json:"description,omitempty"`
	ExportName  string `json:"exportName,omitempty"`
}

// cfnTag is a stack tag.
type cfnTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Resource is one resource of a stack as CloudFormation records it.
type Resource struct {
	LogicalID      string         `json:"logicalId"`
	Type           string         `json:"type"`
	PhysicalID     string         `json:"physicalId,omitempty"`
	Status         string         `json:"status"`
	Reason         string         `json:"reason,omitempty"`
	Updated        time.Time      `json:"updated"`
	Props          map[string]any `json:"props,omitempty"`
	Attrs          map[string]any `json:"attrs,omitempty"`
	Gen            int            `json:"gen,omitempty"`
	DeletionPolicy string         `json:"deletionPolicy,omitempty"`
	Deps           []string       `json:"deps,omitempty"`
	Actual         map[string]any `json:"actual,omitempty"`
	GoneBehind     bool           `json:"goneBehind,omitempty"`
	DriftStatus    string         `json:"driftStatus,omitempty"`
	DriftChecked   time.Time      `json:"driftChecked,omitzero"`
	// Nested is a digest of a nested stack's template and properties: a
	// new template at the same TemplateURL changes it.
	Nested string `json:"nested,omitempty"`
}

// clone returns a copy sharing the (immutable) property maps.
func (r *Resource) clone() *Resource {
	c := *r
	return &c
}

// cfnEvent is one stack event.
type cfnEvent struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at"`
	LogicalID  string    `json:"logicalId"`
	PhysicalID string    `json:"physicalId,omitempty"`
	Type       string    `json:"type"`
	Status     string    `json:"status"`
	Reason     string    `json:"reason,omitempty"`
	Props      string    `json:"props,omitempty"`
}

// cfnOperation is a stack operation whose whole schedule was computed when
// it started; settle applies its steps as the clock passes them.
type cfnOperation struct {
	Kind        string     `json:"kind"`
	Start       time.Time  `json:"start"`
	Steps       []cfnStep  `json:"steps"`
	Next        int        `json:"next"`
	Final       *cfnConfig `json:"final,omitempty"`
	ChangeSetID string     `json:"changeSetId,omitempty"`
	Timeline    int        `json:"timeline"`
	// Plan keeps what the operation was built from, so that a cancel can
	// rebuild the same schedule with a stop time.
	Plan *cfnPlan `json:"plan,omitempty"`
}

// cfnStep is one scheduled change: an event, and the resource record or
// stack status it sets.
type cfnStep struct {
	At    time.Time `json:"at"`
	Event cfnEvent  `json:"event"`
	Set   *Resource `json:"set,omitempty"`
	Drop  string    `json:"drop,omitempty"`
	// Invoke is the request the step sends to a custom resource's handler.
	Invoke *CustomResourceInvocation `json:"invoke,omitempty"`
	// Nested is what the step does to a nested stack's child stack.
	Nested *cfnNestedAction `json:"nested,omitempty"`
}

// cfnChangeSet is a change set; its Status is derived from the clock.
type cfnChangeSet struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	StackID     string      `json:"stackId"`
	StackName   string      `json:"stackName"`
	Account     string      `json:"account"`
	Region      string      `json:"region"`
	Type        string      `json:"type"`
	Description string      `json:"description,omitempty"`
	Created     time.Time   `json:"created"`
	ReadyAt     time.Time   `json:"readyAt"`
	Cfg         cfnConfig   `json:"cfg"`
	Changes     []cfnChange `json:"changes,omitempty"`
	In          cfnInput    `json:"in"`
	FailReason  string      `json:"failReason,omitempty"`
	// Exec is an execution status set by an event (OBSOLETE,
	// EXECUTE_IN_PROGRESS); empty means derived from Status.
	Exec            string `json:"exec,omitempty"`
	DisableRollback bool   `json:"disableRollback,omitempty"`
}

// cfnChange is one ResourceChange of a change set.
type cfnChange struct {
	Action      string          `json:"action"`
	LogicalID   string          `json:"logicalId"`
	PhysicalID  string          `json:"physicalId,omitempty"`
	Type        string          `json:"type"`
	Replacement string          `json:"replacement,omitempty"`
	Details     []cfnChangeProp `json:"details,omitempty"`
}

// cfnChangeProp is one changed property of a Modify change.
type cfnChangeProp struct {
	Name               string `json:"name"`
	RequiresRecreation string `json:"requiresRecreation"`
}

// StackOperation is one stack operation in the simulator's timeline: which
// stack, what operation (CREATE, UPDATE, DELETE), when it started and ended
// in simulated time, and the stack status it ended in. End is zero and
// Status is the current status while the operation is still running.
type StackOperation struct {
	Account   string    `json:"account"`
	Region    string    `json:"region"`
	Stack     string    `json:"stack"`
	StackID   string    `json:"stackId"`
	Operation string    `json:"operation"`
	Start     time.Time `json:"start"`
	End       time.Time `json:"end,omitzero"`
	Status    string    `json:"status"`
}

// Snapshot returns the CloudFormation state to persist (JSON-marshalable).
// Called with the lock held.
func (x *Service) Snapshot() any { return x.st }

// Restore loads state written by Snapshot. Called before serving.
func (x *Service) Restore(data json.RawMessage) error {
	var st cfnState
	if len(data) == 0 || string(data) == "null" || string(data) == "{}" {
		return nil
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
