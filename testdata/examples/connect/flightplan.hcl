# Services that call each other through ECS Service Connect in the
# environment's namespace (test.shop.local): a backend served as "orders"
# under another alias, a web service served under its own name on its
# load balancer's target (a sidecar), and a worker that only calls them.
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "orders" {
  type  = "backend"
  image = "public.ecr.aws/example/orders:1"
  port  = 8080
  network {
    connect {
      alias = "orders-api"
    }
  }
}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 3000
  http {
    path             = "/"
    target_container = "envoy"
  }
  sidecar "envoy" {
    image = "public.ecr.aws/example/envoy:1"
    port  = 9000
  }
  network {
    connect = true
  }
}

service "mailer" {
  type  = "worker"
  image = "public.ecr.aws/example/mailer:1"
  network {
    connect = true
  }
}
