app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  addon "shared" {
    template = "Resources:\n  T:\n    Type: AWS::SNS::Topic\n"
    nested   = true
  }
}
