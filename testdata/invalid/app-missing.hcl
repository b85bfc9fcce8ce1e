environment "test" {
  account = "111111111111"
  region  = "us-east-1"
}
