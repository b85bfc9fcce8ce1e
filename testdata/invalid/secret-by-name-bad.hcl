app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  secrets = {
    A = { secretsmanager = "db:password" }
    B = { secretsmanager = "db name" }
    C = { from_cfn = "shared-Token" }
  }
  command = [import_value("shared-Command")]
}
