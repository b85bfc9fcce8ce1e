app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "app" {
  build {}
}

service "api" {
  type  = "backend"
  image = image.app
  port  = 8080
  autoscaling {
    max      = 4
    requests = 100
  }
}

service "orders" {
  type  = "worker"
  image = image.app
  autoscaling {
    max           = 4
    response_time = "2s"
  }
}

service "admin" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/admin:1"
  port  = 8080
  autoscaling {
    min           = 1
    max           = 4
    requests      = 50
    response_time = "2s"
  }
}
