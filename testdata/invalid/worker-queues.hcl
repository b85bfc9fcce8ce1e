app "events" {
  account = "123456789012"
  region  = "us-east-1"
}

environment "dev" {}

service "orders" {
  type  = "backend"
  image = "public.ecr.aws/example/orders:1"
  port  = 8080
  publish {
    topic "placed" {
      fifo = true
    }
    topic "audit" {
      content_based_deduplication = true
    }
  }
}

service "fulfil" {
  type  = "worker"
  image = "public.ecr.aws/example/fulfil:1"
  subscribe {
    topic "placed" {
      service = "orders"
      queue {
        delay = "20m"
        fifo {
          high_throughput    = true
          deduplication_scope = "messageGroup"
        }
      }
    }
    topic "audit" {
      service = "orders"
      queue {
        fifo {}
      }
    }
  }
}

service "archive" {
  type  = "worker"
  image = "public.ecr.aws/example/archive:1"
  subscribe {
    topic "audit" {
      service = "orders"
    }
    queue {
      fifo {
        deduplication_scope = "queue"
        throughput_limit    = "perMessageGroupId"
      }
    }
  }
}

service "ledger" {
  type  = "worker"
  image = "public.ecr.aws/example/ledger:1"
  subscribe {
    queue {
      fifo {
        throughput_limit = "perGroup"
      }
    }
  }
}
