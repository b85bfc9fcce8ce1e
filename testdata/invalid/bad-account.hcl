app "shop" {
  account = "12345"
  region  = "us-east-1"
}

environment "test" {
  account = 111111111111
}
