package planner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/awsspec"
	"flightplan/stacks"
)

func TestExportWarnings(t *testing.T) {
	envTemplate := func(cidr, clusterExport string) string {
		return `{"Resources":{
			"VPC":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"` + cidr + `"}},
			"EnvironmentSecurityGroup":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"env","VpcId":{"Ref":"VPC"}}},
			"Cluster":{"Type":"AWS::ECS::Cluster"}},
		"Outputs":{
			"VpcId":{"Value":{"Ref":"VPC"},"Export":{"Name":"demo-test-VpcId"}},
			"EnvironmentSecurityGroup":{"Value":{"Fn::Sub":"${EnvironmentSecurityGroup}"},"Export":{"Name":"demo-test-EnvironmentSecurityGroup"}},
			"ClusterId":{"Value":` + clusterExport + `,"Export":{"Name":"demo-test-ClusterId"}}}}`
	}
	const (
		sameCluster = `{"Ref":"Cluster"}`
		svc         = `{"Resources":{"Service":{"Type":"AWS::ECS::Service","Properties":{
			"Cluster":{"Fn::ImportValue":"demo-test-ClusterId"},
			"NetworkConfiguration":{"AwsvpcConfiguration":{"SecurityGroups":[{"Fn::ImportValue":"demo-test-EnvironmentSecurityGroup"}]}}}}}}`
		warnSG = "this update changes exports that other stacks import: demo-test-EnvironmentSecurityGroup (imported by demo-test-api (deploy/test/api)). " +
			"CloudFormation refuses to change an export in use, so apply would fail and roll the stack back. " +
			"Apply first without the workloads of environment test that import them (remove them from the file, or from that environment), " +
			"then apply this change, then add them back"
	)
	for name, tc := range map[string]struct {
		desired    string
		svcDeleted bool
		want       []string
	}{
		// The VPC is replaced, and with it the security group (its VpcId
		// replaces): the service imports the group's export, not the VPC's.
		"a replaced VPC renews the imported group": {desired: envTemplate("10.10.0.0/16", sameCluster), want: []string{warnSG}},
		"an export's expression changes": {desired: envTemplate("10.0.0.0/16", `{"Fn::GetAtt":["Cluster","Arn"]}`),
			want: []string{strings.Replace(warnSG, "EnvironmentSecurityGroup", "ClusterId", 1)}},
		"the importer is deleted first": {desired: envTemplate("10.10.0.0/16", sameCluster), svcDeleted: true},
		"no export changes":             {desired: envTemplate("10.0.0.0/16", sameCluster) + " "},
	} {
		t.Run(name, func(t *testing.T) {
			env, api := addr.Env("test"), addr.Deploy("test", "api")
			live := envTemplate("10.0.0.0/16", sameCluster)
			d := &stacks.Desired{Nodes: []*stacks.Node{{Addr: env, Stack: &stacks.Stack{Template: []byte(tc.desired)}}}}
			idx := &liveIndex{live: map[addr.Address]*liveObjects{
				env: {stacks: []*LiveStack{{Name: "demo-test", Account: "2", Region: "r", Template: []byte(live)}}},
				api: {stacks: []*LiveStack{{Name: "demo-test-api", Account: "2", Region: "r", Template: []byte(svc)}}},
			}}
			replaces := awsspec.Load().Replaces
			before, _ := parseTemplate([]byte(live))
			after, err := parseTemplate([]byte(tc.desired))
			if err != nil {
				t.Fatal(err)
			}
			res, _, _ := diffTemplates(before, after, replaces)
			envChange := &Change{Addr: env, Account: "2", Region: "r", Action: Update, Stack: &StackChange{Action: Update, Resources: res}}
			changes := []*Change{envChange}
			if tc.svcDeleted {
				changes = append(changes, &Change{Addr: api, Action: Delete})
			}
			exportWarnings(d, idx, changes, replaces)
			if diff := cmp.Diff(tc.want, envChange.Warnings); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
