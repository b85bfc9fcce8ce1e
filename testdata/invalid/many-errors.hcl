app "shop" {
  account = "1111"
  region  = "us-east-1"
}

environment "test" {}

image "app" {
  build {}
  platform = "windows/amd64"
}

service "api" {
  type  = "load-balanced"
  image = image.app
}

job "report" {
  schedule = "@fortnightly"
  image    = image.app
  retries  = 20
}
