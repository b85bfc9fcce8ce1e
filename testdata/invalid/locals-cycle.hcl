locals {
  a = local.b
  b = local.c
  c = local.a
}

app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}
