app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "dev" {
  cdn {
    certificate = "arn:aws:acm:eu-west-1:111111111111:certificate/1"
    static_assets {
      location = "my-assets"
      path     = ""
    }
  }
  network {
    flow_logs = true
    flow_logs {
      retention = 30
    }
  }
  http {
    access_logs {
      bucket_name = "arn:aws:s3:::logs"
      prefix      = "/alb/"
    }
  }
}

environment "test" {
  cdn = false
  cdn {}
  http {
    cdn = true
  }
}
