package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

const storageHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "files" {
  type  = "backend"
  image = "public.ecr.aws/example/files:1"
  storage {
    ephemeral   = 50
    readonly_fs = true
    volume "data" {
      path      = "/var/data"
      read_only = false
      efs       = true
    }
    volume "scratch" {
      path      = "/scratch"
      read_only = false
    }
  }
  sidecar "loader" {
    image        = "busybox"
    essential    = false
    mount_points = [{ source_volume = "data", path = "/load", read_only = false }, { source_volume = "scratch", path = "/tmp/s" }]
  }
}

service "reports" {
  type  = "backend"
  image = "public.ecr.aws/example/reports:1"
  storage {
    volume "shared" {
      path = "/mnt/shared"
      efs  = { id = "fs-0123456789abcdef0", root_dir = "/reports" }
    }
    volume "archive" {
      path      = "/mnt/archive"
      read_only = false
      efs = {
        id   = "fs-0fedcba9876543210"
        auth = { iam = true, access_point_id = "fsap-0123456789abcdef0" }
      }
    }
  }
}

job "tidy" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/tidy:1"
  storage {
    volume "data" {
      path = "/data"
      efs  = { uid = 1000, gid = 1000 }
    }
  }
}
`

// TestStorageGolden compiles the storage fixture, validates it against
// awsspec and compares it with testdata/storage.
func TestStorageGolden(t *testing.T) {
	compileGolden(t, loadHCL(t, storageHCL), "storage")
}

func TestStorageEFSPermissions(t *testing.T) {
	d := compile(t, loadHCL(t, storageHCL))
	policies := func(name string) map[string]any {
		out := map[string]any{}
		for _, p := range at(t, resources(t, tmpl(t, d, addr.Deploy("test", name))), "TaskRole", "Properties", "Policies").([]any) {
			p := p.(map[string]any)
			out[p["PolicyName"].(string)] = at(t, p, "PolicyDocument", "Statement")
		}
		return out
	}
	arn := "arn:aws:elasticfilesystem:us-east-1:111111111111:"
	want := map[string]any{
		"GrantEFSAccessfs-0fedcba9876543210-0": asJSON(t, `[{"Effect": "Allow",
			"Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
			"Resource": ["`+arn+`file-system/fs-0fedcba9876543210"],
			"Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": "`+arn+`access-point/fsap-0123456789abcdef0"}}}]`),
		"GrantEFSAccessfs-0123456789abcdef0-1": asJSON(t, `[{"Effect": "Allow",
			"Action": ["elasticfilesystem:ClientMount"],
			"Resource": ["`+arn+`file-system/fs-0123456789abcdef0"]}]`),
	}
	if diff := cmp.Diff(want, policies("reports")); diff != "" {
		t.Errorf("reports' task role policies (-want +got):\n%s", diff)
	}
	managed := asJSON(t, `[{"Effect": "Allow",
		"Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
		"Resource": [{"Fn::Join": ["", ["`+arn+`file-system/", {"Fn::ImportValue": "shop-test-FilesystemID"}]]}],
		"Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": {"Fn::GetAtt": ["AccessPoint", "Arn"]}}}}]`)
	if diff := cmp.Diff(managed, policies("files")["GrantAccessCopilotManagedEFS"]); diff != "" {
		t.Errorf("files' managed EFS policy (-want +got):\n%s", diff)
	}
}

// TestManagedFileSystemOnlyWhenUsed: the environment has a file system
// only while a workload there has a managed volume, and keeps it (Retain)
// when none has.
func TestManagedFileSystemOnlyWhenUsed(t *testing.T) {
	with := resources(t, tmpl(t, compile(t, loadHCL(t, storageHCL)), addr.Env("test")))
	if got := at(t, with, "FileSystem", "DeletionPolicy"); got != "Retain" {
		t.Errorf("FileSystem DeletionPolicy = %v, want Retain", got)
	}
	for _, id := range []string{"EFSSecurityGroup", "EFSSecurityGroupIngressFromEnvironment", "MountTarget1", "MountTarget2"} {
		if with[id] == nil {
			t.Errorf("environment lacks %s", id)
		}
	}
	without := resources(t, tmpl(t, compile(t, loadHCL(t, sidecarHCL)), addr.Env("test")))
	for _, id := range []string{"FileSystem", "EFSSecurityGroup", "MountTarget1"} {
		if without[id] != nil {
			t.Errorf("environment without managed volumes has %s", id)
		}
	}
}

func TestAccessPointUIDs(t *testing.T) {
	d := compile(t, loadHCL(t, storageHCL))
	tests := map[string][2]string{
		"files": {"104153177", "104153177"}, // CRC-32 of "files", Copilot's default
		"tidy":  {"1000", "1000"},
	}
	for name, want := range tests {
		ap := at(t, resources(t, tmpl(t, d, addr.Deploy("test", name))), "AccessPoint", "Properties").(map[string]any)
		got := [2]string{at(t, ap, "PosixUser", "Uid").(string), at(t, ap, "RootDirectory", "CreationInfo", "OwnerGid").(string)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: access point uid/gid (-want +got):\n%s", name, diff)
		}
		if p := at(t, ap, "RootDirectory", "Path"); p != "/"+name {
			t.Errorf("%s: access point root %v, want /%s", name, p, name)
		}
	}
}
