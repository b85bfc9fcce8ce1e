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

service "api" {
  type  = "backend"
  image = image.app
  sidecar "nginx" {
    image = "nginx"
  }
}
