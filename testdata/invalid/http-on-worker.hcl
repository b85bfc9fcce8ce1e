app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

environment "production" {
  account = "222222222222"
}

image "app" {
  build {}
}

service "worker" {
  type  = "worker"
  image = image.app
  port  = 8080
  http {
    path = "/"
  }
}
