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

pipeline "release" {
  source {
    provider   = "GitHub"
    repository = "https://github.com/example/shop"
  }
  stage "test" {}
  stage "test" {}
}
