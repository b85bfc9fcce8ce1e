app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  logging {
    destination = { Name = "cloudwatch" }
  }
  sidecar "firelens_log_router" {
    image = "public.ecr.aws/example/router:1"
  }
}

service "web" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  logging {
    destination = { Name = "cloudwatch" }
  }
}
