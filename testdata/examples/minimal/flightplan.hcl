app "hello" {
  account = "123456789012"
  region  = "us-east-1"
}

environment "dev" {
  account = "123456789012"
  region  = "us-east-1"
}

image "hello" {
  build {}
}

service "hello" {
  type  = "backend"
  image = image.hello
  port  = 8080
}
