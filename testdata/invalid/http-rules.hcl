app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "grpc" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/grpc:1"
  port  = 50051
  http {
    version = "grpc"
  }
}

service "nothing" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http  = false
}

service "twice" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http  = false
  http {
    path = "/twice"
  }
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
  http  = true
}

service "many" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    path = "/many"
    rule {
      path = "/a"
    }
    rule {
      path = "/b"
    }
    rule {
      path = "/c"
    }
    rule {
      path = "/d"
    }
    rule {
      path = "/e"
    }
  }
}

service "udp" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/dns:1"
  port  = 8053
  http  = false
  nlb {
    port = "53/udp"
  }
  autoscaling {
    max      = 4
    requests = 100
  }
}

service "ports" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    path = "/ports"
    rule {
      path        = "/admin"
      target_port = 9000
    }
    rule {
      path             = "/metrics"
      target_container = "agent"
      target_port      = 9000
    }
  }
  sidecar "agent" {
    image = "public.ecr.aws/example/agent:1"
    port  = 9100
  }
}
