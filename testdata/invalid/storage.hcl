app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  storage {
    ephemeral = 500
    volume "data" {
      path = "/var/data"
      efs  = true
    }
    volume "more" {
      path = "/var/more"
      efs  = { uid = 1000, gid = 1000 }
    }
    volume "data" {
      path = "/again"
    }
    volume "bad.name" {
      path = "/x"
    }
    volume "spaces" {
      path = "/my files"
    }
    volume "mixed" {
      path = "/m"
      efs  = { id = "fs-0123456789abcdef0", uid = 1000, gid = 1000 }
    }
    volume "halfid" {
      path = "/h"
      efs  = { uid = 1000 }
    }
    volume "root" {
      path = "/r"
      efs  = { uid = 0, gid = 0 }
    }
    volume "noid" {
      path = "/n"
      efs  = { root_dir = "/shared" }
    }
    volume "badid" {
      path = "/b"
      efs  = { id = "my-fs" }
    }
    volume "ap" {
      path = "/a"
      efs  = { id = "fs-0123456789abcdef0", root_dir = "/sub", auth = { access_point_id = "fsap-0123456789abcdef0" } }
    }
    volume "typo" {
      path = "/t"
      efs  = { idd = "fs-0123456789abcdef0" }
    }
    volume "number" {
      path = "/n2"
      efs  = 3
    }
    volume "twin" {
      path = "/var/data"
    }
    volume "scratch" {
      path = "/scratch"
    }
  }
  sidecar "loader" {
    image        = "busybox"
    mount_points = [
      { source_volume = "nope", path = "/data" },
      { path = "/x" },
      { source_volume = "data", path = "/d d" },
      { source_volume = "data", path = "/d", readonly = true },
      { source_volume = "data", path = "/data" },
      { source_volume = "scratch", path = "/data" },
    ]
  }
}

service "admin" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/admin:1"
  port  = 80
  storage {
    readonly_fs = true
  }
}
