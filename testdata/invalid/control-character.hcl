app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  tags    = { team = "pay\u0000ments" }
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "nginx"
  variables = {
    GREETING = "hello\u0000world"
    MOTD     = "line one\nline two"
  }
  command = ["run", "--flag\u001b[31m"]
}
