app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type     = "backend"
  image    = "public.ecr.aws/example/api:1"
  env_file = "api.txt"
}

service "worker" {
  type     = "backend"
  image    = "public.ecr.aws/example/worker:1"
  env_file = "arn:aws:s3:us-east-1::bucket.env"
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  env_file = "missing.env"
}

service "web" {
  type     = "request-driven-web"
  image    = "public.ecr.aws/example/web:1"
  port     = 8080
  env_file = "web.env"
}
