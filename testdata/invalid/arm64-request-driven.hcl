app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "app" {
  build {}
  platform = "linux/arm64"
}

service "web" {
  type  = "request-driven-web"
  image = image.app
  port  = 80
}
