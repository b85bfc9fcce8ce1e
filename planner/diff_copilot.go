package planner

import (
	"fmt"
	"slices"
	"strings"
)

// Stacks that Copilot deployed.
//
// An adopted application's stacks are Copilot's until flightplan first
// updates them: their templates embed the manifest (Metadata.Manifest),
// which flightplan's never do. Updating such a stack is a take-over; the
// one thing it must not do is replace or delete what holds data or an
// address users depend on (a VPC, a load balancer, a repository with its
// images, a bucket, a queue…), since a new one is not the old one. The plan
// cannot make such an update safe, so it says so, on the node, naming each
// resource: a take-over plan is to be read before it is applied.

// stateful lists the resource types whose replacement or deletion loses
// data or an address.
var stateful = []string{
	"AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::EIP",
	"AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::Listener",
	"AWS::ECR::Repository", "AWS::S3::Bucket", "AWS::KMS::Key", "AWS::SQS::Queue", "AWS::SNS::Topic",
	"AWS::EFS::FileSystem", "AWS::EFS::AccessPoint", "AWS::Logs::LogGroup", "AWS::Route53::HostedZone",
	"AWS::ServiceDiscovery::PrivateDnsNamespace", "AWS::DynamoDB::Table", "AWS::RDS::DBCluster", "AWS::RDS::DBInstance",
	"AWS::CertificateManager::Certificate", "AWS::CloudFront::Distribution",
	// a nested stack (Copilot's AddonsStack) takes its resources with it
	"AWS::CloudFormation::Stack",
}

// copilotWarnings adds the take-over warning to every update of a stack
// Copilot deployed that replaces or deletes stateful resources.
func copilotWarnings(idx *liveIndex, changes []*Change) {
	for _, c := range changes {
		if !updatesStack(c) || !deployedByCopilot(liveTemplate(idx, c.Addr)) {
			continue
		}
		var lost []string
		for _, r := range c.Stack.Resources {
			if (r.Action == Replace || r.Action == Delete) && slices.Contains(stateful, r.Type) {
				verb := "replaced"
				if r.Action == Delete {
					verb = "deleted"
				}
				lost = append(lost, fmt.Sprintf("%s (%s) %s", r.LogicalID, r.Type, verb))
			}
		}
		if len(lost) > 0 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("stack %s was deployed by Copilot, and this update loses what holds data or addresses: %s. "+
				"Do not apply it to a running application: change the file until the plan keeps these resources (see docs/adopt.md)",
				c.Stack.Name, strings.Join(lost, ", ")))
		}
	}
}

// deployedByCopilot reports whether Copilot wrote a template: it embeds a
// manifest (environments and workloads) or, as Copilot's pipeline
// templates do, its version (flightplan's templates have neither).
func deployedByCopilot(t map[string]any) bool {
	m := asMap(t["Metadata"])
	_, manifest := m["Manifest"]
	_, version := m["Version"]
	return manifest || version
}
