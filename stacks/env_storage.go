package stacks

import (
	"strconv"

	"flightplan/schema"
)

// managedEFS reports whether a deployment uses the environment's managed
// file system (a volume with efs = true, or with uid and gid).
func managedEFS(d *schema.Deployment) bool {
	return d.Storage.ManagedVolume() != nil
}

// envFileSystem adds the environment's managed EFS file system, with
// Copilot's logical IDs and settings: FileSystem, its security group
// EFSSecurityGroup open to the tasks' security group, a mount target per
// private subnet (per public subnet when the network has no private ones),
// and the output ManagedFileSystemID exported as {app}-{env}-FilesystemID.
//
// The file system holds data, so it is retained: when no workload of the
// environment uses it any more, or the environment is deleted, CloudFormation
// leaves it (and its files) in the account instead of deleting it. Copilot
// has no DeletionPolicy there, so its file system goes with the last
// workload that used it.
func (c *compiler) envFileSystem(t *template, env *schema.Environment, net netRefs, ex func(string) string) {
	app := c.cfg.App.Name
	t.add("FileSystem", "AWS::EFS::FileSystem", obj{
		"BackupPolicy":      obj{"Status": "ENABLED"},
		"Encrypted":         true,
		"FileSystemPolicy":  fileSystemPolicy(app, env.Name),
		"LifecyclePolicies": mkList(obj{"TransitionToIA": "AFTER_30_DAYS"}),
		"PerformanceMode":   "generalPurpose",
		"ThroughputMode":    "bursting",
	})
	t.setMember("FileSystem", "DeletionPolicy", "Retain")
	t.setMember("FileSystem", "UpdateReplacePolicy", "Retain")
	t.add("EFSSecurityGroup", "AWS::EC2::SecurityGroup", obj{
		"GroupDescription": app + "-" + env.Name + "EFSSecurityGroup",
		"VpcId":            net.vpc,
		"Tags":             tagList(map[string]string{"Name": "copilot-" + app + "-" + env.Name + "-efs"}),
	})
	t.add("EFSSecurityGroupIngressFromEnvironment", "AWS::EC2::SecurityGroupIngress", obj{
		"Description":           "Ingress from containers in the Environment Security Group.",
		"GroupId":               ref("EFSSecurityGroup"),
		"IpProtocol":            "-1",
		"SourceSecurityGroupId": ref("EnvironmentSecurityGroup"),
	})
	subnets := net.private
	if len(subnets) == 0 {
		subnets = net.public
	}
	for i, subnet := range subnets {
		t.add("MountTarget"+strconv.Itoa(i+1), "AWS::EFS::MountTarget", obj{
			"FileSystemId":   ref("FileSystem"),
			"SubnetId":       subnet,
			"SecurityGroups": mkList(ref("EFSSecurityGroup")),
		})
	}
	t.output(outManagedFileSystem, ref("FileSystem"), ex(exportManagedFileSystem))
}

// fileSystemPolicy lets the app's roles in this environment (by their
// copilot-application and copilot-environment tags, which the stacks give
// every role) mount and write through a mount target, and refuses
// unencrypted connections.
func fileSystemPolicy(app, env string) obj {
	return obj{
		"Version": iamVersion,
		"Id":      "CopilotEFSPolicy",
		"Statement": mkList(
			obj{
				"Sid":       "AllowIAMFromTaggedRoles",
				"Effect":    "Allow",
				"Principal": obj{"AWS": "*"},
				"Action":    mkList("elasticfilesystem:ClientWrite", "elasticfilesystem:ClientMount"),
				"Condition": obj{
					"Bool":         obj{"elasticfilesystem:AccessedViaMountTarget": true},
					"StringEquals": obj{"iam:ResourceTag/" + tagApp: app, "iam:ResourceTag/" + tagEnv: env},
				},
			},
			obj{
				"Sid":       "DenyUnencryptedAccess",
				"Effect":    "Deny",
				"Principal": "*",
				"Action":    "elasticfilesystem:*",
				"Condition": obj{"Bool": obj{"aws:SecureTransport": false}},
			},
		),
	}
}
