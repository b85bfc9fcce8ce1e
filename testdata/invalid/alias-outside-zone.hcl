app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain { name = "example.com" }
}

environment "test" {}

environment "production" {
  account = "222222222222"
}

image "app" {
  build {}
}

service "web" {
  type  = "load-balanced-web"
  image = image.app
  port  = 8080
  http {
    path  = "/"
    alias = ["www.${env.name}.${app.name}.${app.domain}", "www.${app.domain}"]
  }
}
