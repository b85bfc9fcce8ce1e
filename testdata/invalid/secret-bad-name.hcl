app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "nginx"
  secrets = {
    DB_URL    = "shop/test/db-url"
    API_KEY   = "/shop//api-key"
    RESERVED  = "ssm-token"
    PASSWORD  = "correct horse battery staple"
    GOOD_NAME = "/shop/test/good"
  }
}
