app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

environment "production" {
  account = "222222222222"
}

image "app" {
  build {}
}

service "api" {
  type  = "backend"
  image = image.app
  deployment {
    strategy = "blue-green"
  }
}

service "web" {
  type  = "load-balanced-web"
  image = image.app
  port  = 8080
  nlb {
    port = "8443/tcp"
  }
  deployment {
    strategy  = "blue-green"
    bake_time = "90s"
    test_listener {
      port = 443
    }
  }
}

service "rolling" {
  type  = "load-balanced-web"
  image = image.app
  port  = 8080
  deployment {
    bake_time       = "5m"
    rollback_alarms = { cpu_utilization = 170, memory = 50, messages_delayed = 5 }
    test_listener {
      port = 8080
    }
  }
}

service "worker" {
  type  = "worker"
  image = image.app
  deployment {
    rollback_alarms = { messages_delayed = 2.5, cpu_utilization = "high" }
  }
}

service "plain" {
  type  = "load-balanced-web"
  image = image.app
  port  = 8080
  http {
    redirect_to_https = false
  }
  deployment {
    strategy = "blue-green"
  }
}
