package cfn

import (
	"time"

	"flightplan/awssim/internal/cfntemplate"
)

// isoTime renders a timestamp as CloudFormation does (ISO 8601, UTC,
// milliseconds).
type isoTime time.Time

// MarshalText implements encoding.TextMarshaler.
func (t isoTime) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z")), nil
}

func isoPtr(t time.Time) *isoTime {
	if t.IsZero() {
		return nil
	}
	v := isoTime(t)
	return &v
}

type paramXML struct {
	ParameterKey, ParameterValue string
}

type outputXML struct {
	OutputKey, OutputValue string
	Description            string `xml:",omitempty"`
	ExportName             string `xml:",omitempty"`
}

type tagXML struct {
	Key, Value string
}

type stackDriftXML struct {
	StackDriftStatus   string
	LastCheckTimestamp *isoTime `xml:",omitempty"`
}

type stackXML struct {
	StackId                     string
	StackName                   string
	ChangeSetId                 string     `xml:",omitempty"`
	Description                 string     `xml:",omitempty"`
	Parameters                  []paramXML `xml:"Parameters>member"`
	CreationTime                isoTime
	DeletionTime                *isoTime `xml:",omitempty"`
	LastUpdatedTime             *isoTime `xml:",omitempty"`
	StackStatus                 string
	StackStatusReason           string `xml:",omitempty"`
	DisableRollback             bool
	NotificationARNs            []string    `xml:"NotificationARNs>member"`
	TimeoutInMinutes            int         `xml:",omitempty"`
	Capabilities                []string    `xml:"Capabilities>member"`
	Outputs                     []outputXML `xml:"Outputs>member"`
	Tags                        []tagXML    `xml:"Tags>member"`
	EnableTerminationProtection bool
	DriftInformation            stackDriftXML
	RoleARN                     string `xml:",omitempty"`
	ParentId                    string `xml:",omitempty"`
	RootId                      string `xml:",omitempty"`
}

func paramsXML(ps []cfntemplate.Param) []paramXML {
	var out []paramXML
	for _, p := range ps {
		v := p.Value
		if p.NoEcho {
			v = "****"
		}
		out = append(out, paramXML{ParameterKey: p.Key, ParameterValue: v})
	}
	return out
}

func tagsXML(ts []cfnTag) []tagXML {
	var out []tagXML
	for _, t := range ts {
		out = append(out, tagXML(t))
	}
	return out
}

func (st *cfnStack) xml() stackXML {
	s := stackXML{StackId: st.ID, StackName: st.Name, ChangeSetId: st.ChangeSetID, Description: st.Cfg.Description,
		Parameters: paramsXML(st.shownParams()), CreationTime: isoTime(st.Created), DeletionTime: isoPtr(st.Deleted),
		LastUpdatedTime: isoPtr(st.Updated), StackStatus: st.Status, StackStatusReason: st.Reason,
		DisableRollback: st.DisableRollback, NotificationARNs: st.Cfg.Notification, TimeoutInMinutes: st.Cfg.Timeout,
		Capabilities: st.Cfg.Capabilities, Tags: tagsXML(st.Cfg.Tags), RoleARN: st.Cfg.RoleARN,
		DriftInformation: stackDriftXML{StackDriftStatus: st.DriftStatus, LastCheckTimestamp: isoPtr(st.DriftChecked)}}
	for _, o := range st.Cfg.Outputs {
		s.Outputs = append(s.Outputs, outputXML{OutputKey: o.Key, OutputValue: o.Value, Description: o.Description, ExportName: o.ExportName})
	}
	return s
}

// shownParams are the parameters DescribeStacks shows: the new values
// from the moment an update starts until it completes, the committed
// ones otherwise (a rollback shows the old values again).
func (st *cfnStack) shownParams() []cfntemplate.Param {
	if p := st.updating(); p != nil {
		return p.Cfg.Params
	}
	return st.Cfg.Params
}

// updating is the plan of the update the stack is going through, nil when
// none is or when it is rolling back.
func (st *cfnStack) updating() *cfnPlan {
	switch {
	case st.Op == nil || st.Op.Plan == nil || st.Op.Plan.Kind != "UPDATE":
		return nil
	case st.Status == "UPDATE_IN_PROGRESS", st.Status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
		return st.Op.Plan
	}
	return nil
}

type stackEventXML struct {
	StackId, EventId, StackName, LogicalResourceId string
	PhysicalResourceId                             string `xml:",omitempty"`
	ResourceType                                   string
	Timestamp                                      isoTime
	ResourceStatus                                 string
	ResourceStatusReason                           string `xml:",omitempty"`
	ResourceProperties                             string `xml:",omitempty"`
}

func (st *cfnStack) eventXML(e cfnEvent) stackEventXML {
	return stackEventXML{StackId: st.ID, EventId: e.ID, StackName: st.Name, LogicalResourceId: e.LogicalID,
		PhysicalResourceId: e.PhysicalID, ResourceType: e.Type, Timestamp: isoTime(e.At), ResourceStatus: e.Status,
		ResourceStatusReason: e.Reason, ResourceProperties: e.Props}
}

type resourceDriftInfoXML struct {
	StackResourceDriftStatus string
	LastCheckTimestamp       *isoTime `xml:",omitempty"`
}

func (r *Resource) driftInfo() resourceDriftInfoXML {
	s := r.DriftStatus
	if s == "" {
		s = "NOT_CHECKED"
	}
	return resourceDriftInfoXML{StackResourceDriftStatus: s, LastCheckTimestamp: isoPtr(r.DriftChecked)}
}

type stackResourceXML struct {
	StackName, StackId, LogicalResourceId string
	PhysicalResourceId                    string `xml:",omitempty"`
	ResourceType                          string
	Timestamp                             isoTime
	ResourceStatus                        string
	ResourceStatusReason                  string `xml:",omitempty"`
	DriftInformation                      resourceDriftInfoXML
}

type stackResourceDetailXML struct {
	StackName, StackId, LogicalResourceId string
	PhysicalResourceId                    string `xml:",omitempty"`
	ResourceType                          string
	LastUpdatedTimestamp                  isoTime
	ResourceStatus                        string
	ResourceStatusReason                  string `xml:",omitempty"`
	Metadata                              string `xml:",omitempty"`
	DriftInformation                      resourceDriftInfoXML
}

type stackResourceSummaryXML struct {
	LogicalResourceId    string
	PhysicalResourceId   string `xml:",omitempty"`
	ResourceType         string
	LastUpdatedTimestamp isoTime
	ResourceStatus       string
	ResourceStatusReason string `xml:",omitempty"`
	DriftInformation     resourceDriftInfoXML
}

type stackSummaryXML struct {
	StackId, StackName  string
	TemplateDescription string `xml:",omitempty"`
	CreationTime        isoTime
	LastUpdatedTime     *isoTime `xml:",omitempty"`
	DeletionTime        *isoTime `xml:",omitempty"`
	StackStatus         string
	StackStatusReason   string `xml:",omitempty"`
	DriftInformation    stackDriftXML
}
