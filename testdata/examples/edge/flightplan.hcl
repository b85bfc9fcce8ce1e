# The edge of an app: a static site served by its own CloudFront
# distribution, the environment's CDN in front of the public load
# balancer, a web service with two rules answering on the apex of another
# domain (its records in that domain's zone, named by var.zone_id), a game
# server behind a network load balancer, and services calling each other
# through Service Connect.
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

environment "prod" {
  cdn = true
}

service "www" {
  type = "static-site"
  files {
    source    = "site"
    recursive = true
  }
}

service "web" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/web:1"
  port  = 8080
  http {
    alias       = ["example.org"]
    hosted_zone = var.zone_id
    rule {
      path  = "/api"
      alias = ["api.prod.shop.example.com"]
    }
  }
  network {
    connect = true
  }
}

service "game" {
  type  = "load-balanced-web"
  image = "public.ecr.aws/example/game:1"
  port  = 7000
  http  = false
  nlb {
    port = "7000/tcp"
  }
}

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
