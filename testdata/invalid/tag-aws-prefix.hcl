app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  tags    = { "aws:created-by" = "me", team = "payments" }
}

environment "test" {
  tags = { "AWS:owner" = "ops" }
}
