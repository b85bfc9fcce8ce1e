app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "arm" {
  build {}
  platform = "linux/arm64"
}

service "api" {
  type   = "backend"
  image  = "public.ecr.aws/example/api:1"
  memory = 512
  healthcheck {
    command  = ["curl -f http://localhost/"]
    interval = "2s"
    retries  = 11
  }
  sidecar "api" {
    image = "busybox"
  }
  sidecar "bad.name" {
    image = "busybox"
  }
  sidecar "agent" {
    image                 = image.arm
    memory_reservation    = 400
    credentials_parameter = "arn:aws:ssm:us-east-1:111111111111:parameter/registry"
    mount_points          = [{ source_volume = "data", path = "/data" }]
    healthcheck {
      command      = ["CMD-SHELL", "true"]
      interval     = "10s"
      timeout      = "10s"
      start_period = "10m"
    }
  }
  sidecar "agent" {
    image = "busybox"
  }
  sidecar "log" {
    image              = "busybox"
    memory_reservation = 200
  }
  autoscaling {
    max               = 2
    scale_in_cooldown = "2h"
  }
}

service "admin" {
  type   = "request-driven-web"
  image  = "public.ecr.aws/example/admin:1"
  port   = 80
  labels = { team = "admin" }
  sidecar "proxy" {
    image = "busybox"
  }
  autoscaling {
    max                = 2
    scale_out_cooldown = "30s"
  }
}
