# The internal load balancer's settings: in an imported network, placed in
# two of its three private subnets, listening on HTTPS with two imported
# certificates (HTTP redirects), reachable from the whole VPC; the backend's
# rule goes on its HTTPS listener.
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  network {
    import {
      vpc_id             = "vpc-0a1b2c3d4e5f60718"
      public_subnet_ids  = ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002"]
      private_subnet_ids = ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002", "subnet-0bbb0000000000003"]
    }
  }
  http {
    private {
      certificates = [
        "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555",
        "arn:aws:acm:us-east-1:111111111111:certificate/66666666-7777-8888-9999-000000000000",
      ]
      ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
      subnets    = ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002"]
      ingress {
        vpc = true
      }
    }
  }
}

service "orders" {
  type  = "backend"
  image = "public.ecr.aws/example/orders:1"
  port  = 8080
  http {
    path = "/orders"
  }
}
