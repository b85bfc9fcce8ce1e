app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "dev" {
  deploy_mode = "expres"
}
