# Workers end to end: FIFO topics and queues, topics with queues of their
# own, queue delay, and a job that publishes.
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
      fifo                        = true
      content_based_deduplication = true
    }
    topic "audit" {}
  }
}

job "nightly" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/nightly:1"
  publish {
    topic "report" {}
  }
}

# Copilot's layout for a mix of kinds: a FIFO worker queue, and a queue of
# their own for the standard topics.
service "fulfil" {
  type  = "worker"
  image = "public.ecr.aws/example/fulfil:1"
  subscribe {
    topic "placed" {
      service = "orders"
    }
    topic "audit" {
      service = "orders"
      queue {
        delay             = "30s"
        dead_letter_tries = 3
      }
    }
    topic "report" {
      service = "nightly"
      queue {}
    }
    queue {
      timeout = "2m"
      fifo {
        high_throughput = true
      }
    }
  }
  autoscaling {
    max         = 4
    queue_delay = "10s"
  }
}

service "archive" {
  type  = "worker"
  image = "public.ecr.aws/example/archive:1"
  subscribe {
    topic "placed" {
      service = "orders"
      queue {
        dead_letter_tries = 5
        fifo {
          content_based_deduplication = true
          deduplication_scope         = "queue"
          throughput_limit            = "perQueue"
        }
      }
    }
    queue {
      delay = "5s"
    }
  }
}
