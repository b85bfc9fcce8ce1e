app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  count = { spot = 2 }
  autoscaling {
    min            = 1
    max            = 4
    cpu_percentage = 70
  }
}

service "arm" {
  type     = "backend"
  image    = "public.ecr.aws/example/arm:1"
  platform = "linux/arm64"
  count    = { spot = 2 }
}

service "win" {
  type     = "backend"
  image    = "public.ecr.aws/example/win:1"
  platform = "windows_server_2019_core"
  autoscaling {
    min            = 1
    max            = 4
    spot_from      = 2
    cpu_percentage = 70
  }
}

service "odd" {
  type  = "backend"
  image = "public.ecr.aws/example/odd:1"
  count = { range = "1-10" }
}

service "web" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  autoscaling {
    min       = 1
    max       = 4
    spot_from = 2
  }
}
