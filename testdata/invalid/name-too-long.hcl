app "a-rather-long-application-name" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "production-in-the-eu-region" {}
