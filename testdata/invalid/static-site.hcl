app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "dev" {}

service "www" {
  type = "static-site"
  http {
    alias       = "www.example.com"
    certificate = "arn:aws:acm:eu-west-1:111111111111:certificate/1"
    rule {
      path = "/x"
    }
  }
  files {
    source      = "static-site.hcl"
    destination = "/index.html"
    exclude     = ["[a-"]
  }
  files {
    source = "nowhere"
  }
}

service "docs" {
  type = "static-site"
  http {
    certificate = "not-an-arn"
  }
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  http {
    path        = "/api"
    certificate = "arn:aws:acm:us-east-1:111111111111:certificate/1"
  }
  files {
    source = "static-site.hcl"
  }
}
