app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    target_container = "ngnix"
  }
  sidecar "nginx" {
    image = "public.ecr.aws/nginx/nginx:1.27"
    port  = 8080
  }
}

service "shop" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/shop:1"
  port  = 8080
  http {
    target_container = "agent"
  }
  sidecar "agent" {
    image = "public.ecr.aws/datadog/agent:7"
  }
}

service "cart" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/cart:1"
  port  = 8080
  http {
    target_container = "proxy"
    target_port      = 8080
  }
  sidecar "proxy" {
    image = "public.ecr.aws/nginx/nginx:1.27"
    port  = 80
  }
}
