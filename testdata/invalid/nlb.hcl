app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "tcp" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/tcp:1"
  port  = 8080
  nlb {
    port       = "443/http"
    ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    alias      = ["tcp.example.com"]
    additional_listener {
      port = "eighty"
    }
  }
}

service "tls" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/tls:1"
  port  = 8080
  nlb {
    port       = "443/tls"
    stickiness = true
    additional_listener {
      port       = "443"
      ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    }
  }
}
