app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
  nlb {
    port = "8080/tcp"
  }
}

service "site" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/site:1"
  port  = 8080
  http {
    version           = "http2"
    redirect_to_https = false
    rule {
      path = "/admin"
    }
  }
}
