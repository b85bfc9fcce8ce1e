app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  network {
    import {
      vpc_id             = "vpc-0123456789abcdef0"
      private_subnet_ids = ["subnet-0c", "subnet-0d"]
    }
  }
}

environment "production" {
  network {
    import {
      vpc_id            = "vpc-0123456789abcdef0"
      public_subnet_ids = ["subnet-0a", "subnet-0b"]
    }
  }
}

image "app" {
  build {}
}

service "web" {
  type         = "load-balanced-web"
  image        = image.app
  port         = 8080
  environments = ["test"]
}

service "api" {
  type         = "backend"
  image        = image.app
  port         = 8080
  environments = ["production"]
  http {}
}

service "orders" {
  type         = "backend"
  image        = image.app
  environments = ["test"]
}

job "report" {
  image        = image.app
  schedule     = "@daily"
  environments = ["production"]
  network {
    placement = "private"
  }
}
