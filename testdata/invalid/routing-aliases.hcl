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
    alias = ["test.shop.example.com"]
    rule {
      path  = "/admin"
      alias = ["admin.example.com"]
    }
  }
  nlb {
    port  = "443/tls"
    alias = ["tcp.example.org"]
  }
}
