app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

job "report" {
  image    = "nginx"
  schedule = "@daily"
  secrets = {
    TOKEN   = "arn:aws:s3:::my-bucket/token"
    DB_PASS = "arn:aws:ssm:us-east-1:111111111111:document/db"
    SM      = "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-AbCdEf:password::"
    SHORT   = "arn:aws:ssm"
  }
}
