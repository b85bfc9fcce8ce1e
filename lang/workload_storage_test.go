package lang

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestStorageNativeAndJSON: the storage block reads the same from HCL and
// from JSON, with Copilot's defaults (volumes read-only, root_dir "/", IAM
// off), and the volumes sorted by name.
func TestStorageNativeAndJSON(t *testing.T) {
	native := writeConfig(t, "flightplan.hcl", `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  storage {
    ephemeral   = 40
    readonly_fs = true
    volume "uploads" {
      path      = "/var/uploads"
      read_only = false
      efs       = true
    }
    volume "shared" {
      path = "/mnt/shared"
      efs  = { id = "fs-0123456789abcdef0", auth = { iam = true, access_point_id = "fsap-0123456789abcdef0" } }
    }
    volume "scratch" {
      path = "/scratch"
      efs  = false
    }
  }
  sidecar "seed" {
    image        = "busybox"
    mount_points = [{ source_volume = "uploads", path = "/seed", read_only = false }, { source_volume = "scratch", path = "/s" }]
  }
}
`)
	json := writeConfig(t, "flightplan.hcl.json", `{
  "app": {"shop": {"account": "111111111111", "region": "us-east-1"}},
  "environment": {"test": {}},
  "service": {"api": {"type": "backend", "image": "public.ecr.aws/example/api:1",
    "storage": {"ephemeral": 40, "readonly_fs": true, "volume": {
      "uploads": {"path": "/var/uploads", "read_only": false, "efs": true},
      "shared": {"path": "/mnt/shared", "efs": {"id": "fs-0123456789abcdef0", "auth": {"iam": true, "access_point_id": "fsap-0123456789abcdef0"}}},
      "scratch": {"path": "/scratch", "efs": false}}},
    "sidecar": {"seed": {"image": "busybox", "mount_points": [
      {"source_volume": "uploads", "path": "/seed", "read_only": false}, {"source_volume": "scratch", "path": "/s"}]}}}}
}`)
	wantStorage := &schema.Storage{Ephemeral: 40, ReadonlyFS: true, Volumes: []*schema.Volume{
		{Name: "scratch", Path: "/scratch", ReadOnly: true},
		{Name: "shared", Path: "/mnt/shared", ReadOnly: true, EFS: &schema.EFS{
			ID: "fs-0123456789abcdef0", RootDir: "/", IAM: true, AccessPointID: "fsap-0123456789abcdef0"}},
		{Name: "uploads", Path: "/var/uploads", ReadOnly: false, EFS: &schema.EFS{Managed: true}},
	}}
	wantMounts := []schema.MountPoint{{SourceVolume: "uploads", Path: "/seed"}, {SourceVolume: "scratch", Path: "/s", ReadOnly: true}}
	for name, file := range map[string]string{"native": native, "json": json} {
		d := load(t, Options{File: file}).Workload("api").Deployments["test"]
		if diff := cmp.Diff(wantStorage, d.Storage); diff != "" {
			t.Errorf("%s: storage (-want +got):\n%s", name, diff)
		}
		if diff := cmp.Diff(wantMounts, d.Sidecars[0].MountPoints); diff != "" {
			t.Errorf("%s: mount points (-want +got):\n%s", name, diff)
		}
	}
}
