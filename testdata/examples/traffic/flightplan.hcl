# Load balancer routing: several rules per service, a network load
# balancer (tcp, tls, udp), and a service behind its network load balancer
# only.

app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain {
    name = "example.com"
  }
}

environment "test" {}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    path              = "/"
    alias             = ["www.test.shop.example.com"]
    redirect_to_https = false
    healthcheck {
      path = "/healthz"
    }
    rule {
      path                 = "/api"
      alias                = ["api.test.shop.example.com"]
      target_container     = "envoy"
      version              = "grpc"
      stickiness           = true
      deregistration_delay = "30s"
      allowed_source_ips   = ["10.0.0.0/8"]
    }
  }
  sidecar "envoy" {
    image = "public.ecr.aws/example/envoy:1"
    port  = 9090
  }
}

service "game" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/game:1"
  port  = 7000
  nlb {
    port  = "443/tls"
    alias = ["play.test.shop.example.com"]
    healthcheck {
      port                = 7001
      healthy_threshold   = 3
      unhealthy_threshold = 3
      interval            = "10s"
      timeout             = "5s"
      grace_period        = "2m"
    }
    additional_listener {
      port        = "7777/udp"
      target_port = 7777
    }
  }
}

service "dns" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/dns:1"
  port  = 5353
  http  = false
  nlb {
    port        = "53/tcp"
    target_port = 5353
    stickiness  = true
  }
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
  http {
    path = "/v1"
    rule {
      path        = "/v2"
      target_port = 8081
    }
  }
}

service "shop" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/shop:1"
  port  = 8080
  http {
    path = "/shop"
    rule {
      path = "/cart"
    }
  }
  deployment {
    strategy        = "blue-green"
    bake_time       = "10m"
    rollback_alarms = { cpu_utilization = 80, memory_utilization = 90 }
    test_listener {
      port = 8443
    }
  }
}

service "orders" {
  type  = "worker"
  image = "public.ecr.aws/example/orders:1"
  deployment {
    rollback_alarms = { messages_delayed = 10 }
  }
}
