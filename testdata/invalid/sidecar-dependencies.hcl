app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "app" {
  build {}
}

service "api" {
  type                 = "backend"
  image                = image.app
  port                 = 8080
  container_depends_on = { nginx = "healthy", migrate = "success", api = "start" }
  sidecar "nginx" {
    image      = "public.ecr.aws/nginx/nginx:1.27"
    port       = 80
    depends_on = { api = "start", agent = "ready", ngnix = "start" }
  }
  sidecar "migrate" {
    image = image.app
  }
}

job "report" {
  schedule = "@daily"
  image    = image.app
  sidecar "a" {
    image      = "busybox"
    essential  = false
    depends_on = { b = "complete" }
  }
  sidecar "b" {
    image      = "busybox"
    essential  = false
    depends_on = { c = "start" }
  }
  sidecar "c" {
    image      = "busybox"
    depends_on = { a = "success" }
  }
}
