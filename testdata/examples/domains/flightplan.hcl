# Names outside the environment's zone: the web service answers on the
# apex and www of another domain (records in that domain's zone, named by
# var.zone_id), and on an alias in the environment's zone for its API
# rule; the admin service has no alias and answers on its default name
# admin.test.shop.example.com. The environment's certificate covers all.
variable "zone_id" {
  type    = string
  default = "Z0EXAMPLEORG"
}

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
    alias       = ["example.org", "www.example.org"]
    hosted_zone = var.zone_id
    rule {
      path  = "/api"
      alias = [{ name = "api.example.org", hosted_zone = var.zone_id }, "api.test.shop.example.com"]
    }
  }
}

service "admin" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/admin:1"
  port  = 8080
  http {
    path = "/admin"
  }
}
