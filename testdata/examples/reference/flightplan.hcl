app "copilot-test" {
  account = "111111111111" # central account: SSM metadata, ECR, pipelines
  region  = "ap-northeast-1"
  domain { name = "example.com" }
}

environment "test" {
  account = "222222222222"
  region  = "ap-northeast-1"
}

environment "stage" {
  account = "222222222222"
  region  = "ap-northeast-1"
}

environment "production" {
  account = "333333333333"
  region  = "ap-northeast-1"
}

image "app" {
  build { dockerfile = "docker/Dockerfile" }
  platform = "linux/x86_64"
}

service "api" {
  type  = "load-balanced-web"
  image = image.app
  port  = 80
  count = env.name == "production" ? 3 : 1
  exec  = true
  http {
    path = "/"
    healthcheck {
      path                = "/health"
      healthy_threshold   = 3
      unhealthy_threshold = 2
      interval            = "10s"
      timeout             = "5s"
      grace_period        = "300s"
    }
    deregistration_delay = "10s"
  }
  network { placement = env.name == "production" ? "private" : "public" } # NAT only where it pays
}

job "daily-batch" {
  schedule = "0 0 * * *" # 09:00 JST
  retries  = 0
  timeout  = "1h"
  image    = image.app
  command  = ["bundle", "exec", "rake", "app:daily_batch"]
}

pipeline "develop" {
  source {
    provider   = "GitHub"
    repository = "https://github.com/example/copilot-test"
    branch     = "develop"
  }
  stage "test" {}
}

pipeline "release" {
  source {
    provider   = "GitHub"
    repository = "https://github.com/example/copilot-test"
    branch     = "main"
  }
  stage "stage" {
    test_commands = ["make e2e"]
  }
  stage "production" {
    requires_approval = true
  }
}
