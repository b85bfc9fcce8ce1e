variable "account" {
  type = string
}

app "shop" {
  account = var.account
  region  = "us-east-1"
}

environment "test" {}
