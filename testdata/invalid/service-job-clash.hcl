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

service "report" {
  type  = "backend"
  image = image.app
}

job "report" {
  schedule = "@daily"
  image    = image.app
}
