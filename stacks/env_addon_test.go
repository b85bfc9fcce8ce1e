package stacks

import (
	"encoding/json"
	"testing"

	"flightplan/addr"
	"flightplan/schema"
)

// An environment addon's resources and parameter declarations must reach the
// environment's template, and its stack parameters must name only declared
// parameters (CloudFormation refuses the change set otherwise).
func TestEnvironmentAddonReachesTheTemplate(t *testing.T) {
	cfg := referenceConfig()
	cfg.Environments[0].Addons = []*schema.Addon{{
		Name:       "orders",
		Template:   "Parameters:\n  TableName:\n    Type: String\nResources:\n  Table:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref TableName\n",
		Parameters: map[string]string{"TableName": "shared"},
	}}
	d, err := Compile(cfg, Options{ImageTag: "t"})
	if err != nil {
		t.Fatal(err)
	}
	st := d.Node(addr.Env(cfg.Environments[0].Name)).Stack
	var tmpl struct {
		Parameters map[string]any
		Resources  map[string]any
	}
	if err := json.Unmarshal(st.Template, &tmpl); err != nil {
		t.Fatal(err)
	}
	if _, ok := tmpl.Resources["OrdersTable"]; !ok {
		t.Errorf("the addon's resource OrdersTable is not in the environment template")
	}
	for name := range st.Parameters {
		if _, ok := tmpl.Parameters[name]; !ok {
			t.Errorf("stack parameter %s is not declared by the template", name)
		}
	}
	if st.Parameters["OrdersTableName"] != "shared" {
		t.Errorf("stack parameters = %v, want OrdersTableName=shared", st.Parameters)
	}
}
