app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "orders" {
  type  = "worker"
  image = "public.ecr.aws/example/orders:1"
  autoscaling {
    max                 = 4
    msg_processing_time = "200ms"
  }
}
