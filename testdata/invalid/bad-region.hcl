app "shop" {
  account = "111111111111"
  region  = "tokyo"
}

environment "test" {
  region = "us-east1"
}
