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

service "Api_Server" {
  type  = "backend"
  image = image.app
}
