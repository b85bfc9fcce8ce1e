app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain {
    name = "example.com"
  }
}

environment "test" {}

service "admin" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/admin:1"
  port  = 8080
  http {
    alias = ["admin.test.shop.example.com"]
  }
}
