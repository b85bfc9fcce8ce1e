# The Copilot application "shop", as flightplan adopt found it.

app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  network {
    cidr            = "10.1.0.0/16"
    azs             = ["us-east-1a", "us-east-1b"]
    public_subnets  = ["10.1.0.0/24", "10.1.1.0/24"]
    private_subnets = ["10.1.2.0/24", "10.1.3.0/24"]
    flow_logs {
      retention = 30
    }
    security_group {
      ingress {
        ip_protocol = "tcp"
        ports       = 8080
        cidr        = "10.0.0.0/8"
      }
      egress {
        ip_protocol = "tcp"
        ports       = "0-65535"
        cidr        = "0.0.0.0/0"
      }
    }
  }
  http {
    access_logs {
      bucket_name = "shop-alb-logs"
      prefix      = "test"
    }
  }
  container_insights = false
}

environment "production" {
  account = "333333333333"
  region  = "eu-west-1"
  network {
    import {
      vpc_id             = "vpc-0a1b2c3d4e5f60718"
      public_subnet_ids  = ["subnet-0aa", "subnet-0bb"]
      private_subnet_ids = ["subnet-0cc", "subnet-0dd"]
    }
  }
  http {
    certificates = ["arn:aws:acm:eu-west-1:333333333333:certificate/5e6f7a8b-0000-1111-2222-333344445555"]
    cdn          = true
    private {
      certificates = ["arn:aws:acm:eu-west-1:333333333333:certificate/9a8b7c6d-0000-1111-2222-333344445555"]
      subnets      = ["subnet-0cc", "subnet-0dd"]
      ingress {
        vpc = true
      }
    }
  }
  cdn                = true
  container_insights = true
}

image "api" {
  build {
    context    = "."
    dockerfile = "api/Dockerfile"
  }
}

image "worker" {
  build {
    dockerfile = "worker/Dockerfile"
  }
}

service "api" {
  type                 = "load-balanced-web"
  image                = image.api
  port                 = 8080
  container_depends_on = { envoy = "start" }
  cpu                  = 256
  memory               = 512
  autoscaling {
    min                = env.name == "production" ? 2 : 1
    max                = env.name == "production" ? 10 : 4
    cpu_percentage     = 70
    scale_in_cooldown  = "2m"
    scale_out_cooldown = "1m"
  }
  exec = true
  # copilot manifest platform: the mapping form (osfamily, architecture) is not mapped yet: write platform as a string
  variables = env.name == "production" ? { LOG_LEVEL = "warn" } : { LOG_LEVEL = "info" }
  secrets   = { API_KEY = { secretsmanager = "shop/api-key" }, DB_URL = "/copilot/shop/test/secrets/db-url" }
  http {
    path        = "/"
    alias       = [{ hosted_zone = "Z0EXAMPLEORG", name = "example.org" }, "www.example.org"]
    hosted_zone = "Z0EXAMPLEORG"
    stickiness  = false
    healthcheck {
      path     = "/healthz"
      interval = "15s"
    }
    rule {
      path = "/admin"
      healthcheck {
        path = "/admin/health"
      }
    }
  }
  storage {
    ephemeral = 30
    volume "uploads" {
      path      = "/var/uploads"
      read_only = false
      efs       = true
    }
  }
  network {
    connect {
      alias = "api-v1"
    }
  }
  publish {
    topic "orders" {
    }
  }
  sidecar "envoy" {
    image        = "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.0.0-prod"
    port         = 9901
    essential    = true
    mount_points = [{ path = "/uploads", read_only = true, source_volume = "uploads" }]
  }
  taskdef_override {
    path  = "ContainerDefinitions[0].Ulimits[-]"
    value = { HardLimit = 4096, Name = "nofile", SoftLimit = 1024 }
  }
}

service "worker" {
  type  = "worker"
  image = image.worker
  count = 1
  subscribe {
    topic "orders" {
      service = "api"
    }
    queue {
      timeout           = "5m"
      dead_letter_tries = 5
    }
  }
}

job "report" {
  schedule     = "@daily"
  timeout      = "1h"
  retries      = 2
  image        = "public.ecr.aws/docker/library/busybox:1.36"
  cpu          = 256
  memory       = 512
  command      = ["sh", "-c", "echo report"]
  environments = ["production"]
}

# What flightplan cannot express yet (each is also a comment at its place):
# - service api: platform: the mapping form (osfamily, architecture) is not mapped yet: write platform as a string
