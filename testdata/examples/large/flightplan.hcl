# A shop spread over three accounts and two regions: a public storefront
# behind an nginx sidecar, deployed blue-green, with uploads on the
# environment's managed file system; an internal API with a metrics agent
# beside it, an order worker fed by the API's topics, a request-driven admin
# site, and two scheduled jobs.

variable "image_tag" {
  type        = string
  default     = "latest"
  description = "Tag of the third-party images."
}

variable "stripe_key_parameter" {
  type        = string
  default     = "/shop/stripe/key"
  description = "SSM parameter that holds the Stripe API key."
  sensitive   = true
}

variable "prod_min_tasks" {
  type    = number
  default = 3

  validation {
    condition     = var.prod_min_tasks >= 2
    error_message = "Production needs at least two tasks for high availability."
  }
}

locals {
  prod_like   = ["staging", "production", "production-eu"]
  common_vars = { LOG_LEVEL = "info", APP_NAME = app.name }
  banner      = templatefile("templates/banner.txt", { app = app.name, env = "all" })
}

app "shop" {
  account = "111111111111"
  region  = "us-east-1"
  domain {
    name    = "shop.example.com"
    account = "999999999999"
    profile = "dns"
  }
  tags = { team = "commerce", cost-center = "1234" }
}

environment "dev" {
  account = "222222222222"
  region  = "us-east-1"
  profile = "shop-dev"
  network {
    cidr = "10.5.0.0/16" # subnets: the first /24s, public then private
  }
}

environment "staging" {
  account = "222222222222"
  region  = "us-west-2"
  profile = "shop-dev"
  network {
    cidr            = "10.1.0.0/16"
    azs             = ["us-west-2a", "us-west-2b"]
    public_subnets  = ["10.1.0.0/24", "10.1.1.0/24"]
    private_subnets = ["10.1.2.0/24", "10.1.3.0/24"]
  }
}

environment "production" {
  account             = "333333333333"
  region              = "us-east-1"
  role_arn            = "arn:aws:iam::333333333333:role/deployer"
  container_insights  = true
  deletion_protection = true
  network {
    cidr            = "10.2.0.0/16"
    public_subnets  = ["10.2.0.0/24", "10.2.1.0/24", "10.2.2.0/24"]
    private_subnets = ["10.2.10.0/24", "10.2.11.0/24", "10.2.12.0/24"]
  }
  http {
    certificates = ["arn:aws:acm:us-east-1:333333333333:certificate/0a1b2c3d-1111-2222-3333-444455556666"]
  }
  addon "orders-table" {
    template   = file("addons/orders-table.yml")
    parameters = { Name = "shared" }
  }
}

environment "production-eu" {
  account  = "333333333333"
  region   = "eu-west-1"
  role_arn = "arn:aws:iam::333333333333:role/deployer"
  tags     = { data-residency = "eu" }
}

image "storefront" {
  build {
    context    = "storefront"
    dockerfile = "storefront/Dockerfile"
    args       = { NODE_ENV = "production" }
  }
}

image "core" {
  build {
    context = "core"
    target  = "runtime"
  }
  platform = "linux/arm64"
}

image "admin" {
  location = "public.ecr.aws/example/admin:${var.image_tag}"
}

service "storefront" {
  type   = "load-balanced-web"
  image  = image.storefront
  port   = 3000
  cpu    = 512
  memory = 1024
  variables = merge(local.common_vars, {
    API_URL = "http://api.${env.name}.${app.name}.local:8080"
    BANNER  = local.banner
  })
  healthcheck {
    command      = ["CMD-SHELL", "curl -f http://localhost:3000/healthz || exit 1"]
    start_period = "30s"
  }
  labels = { "com.example.tier" = "web" }
  http {
    path  = "/"
    alias = env.name == "production" ? ["www.${env.name}.${app.name}.${app.domain}"] : []
    healthcheck {
      path          = "/healthz"
      success_codes = "200,204"
    }
    stickiness       = true
    target_container = "nginx"
  }
  # nginx proxies to the app once it is healthy.
  sidecar "nginx" {
    image        = "public.ecr.aws/nginx/nginx:1.27"
    port         = 80
    depends_on   = { storefront = "healthy" }
    variables    = { UPSTREAM = "localhost:3000" }
    mount_points = [{ source_volume = "uploads", path = "/usr/share/nginx/html/uploads", read_only = true }]
    healthcheck {
      command = ["CMD-SHELL", "curl -f http://localhost/healthz || exit 1"]
    }
  }
  autoscaling {
    min                = contains(local.prod_like, env.name) ? var.prod_min_tasks : 1
    max                = contains(local.prod_like, env.name) ? 10 : 2
    cpu_percentage     = 70
    requests           = 500
    scale_in_cooldown  = "5m"
    scale_out_cooldown = "30s"
  }
  logging { retention = env.name == "production" ? 90 : 14 }
  # Uploads on the managed file system, served by nginx too.
  storage {
    volume "uploads" {
      path      = "/var/uploads"
      read_only = false
      efs       = true
    }
  }
  deployment {
    strategy        = "blue-green"
    bake_time       = contains(local.prod_like, env.name) ? "10m" : "0s"
    rollback_alarms = { cpu_utilization = 85 }
    test_listener {
      port = 8443
    }
  }
  depends_on = ["api"]
}

service "api" {
  type    = "backend"
  image   = image.core
  port    = 8080
  count   = contains(local.prod_like, env.name) ? 2 : 1
  command = ["/app/core", "serve"]
  secrets = {
    STRIPE_KEY = var.stripe_key_parameter
    DB_URL     = "/shop/${env.name}/db-url"
  }
  variables = local.common_vars
  exec      = env.name != "production"
  http {
    path = "/"
    healthcheck {
      path     = "/ping"
      interval = "15s"
      timeout  = "5s"
    }
  }
  network { placement = "private" }
  # The metrics agent starts first, so that no metric of the API is lost; it
  # is not essential, so the API keeps serving if it stops.
  container_depends_on = { metrics = "start" }
  sidecar "metrics" {
    image              = "public.ecr.aws/datadog/agent:7"
    essential          = false
    memory_reservation = 128
    variables          = { DD_ENV = env.name, ECS_FARGATE = "true" }
    secrets            = { DD_API_KEY = "/shop/${env.name}/datadog-api-key" }
    labels             = { "com.datadoghq.ad.check_names" = "[]" }
  }
  publish {
    topic "orders" {}
    topic "payments" {
      fifo = true
    }
  }
  deployment {
    strategy = "recreate"
  }
  addon "orders-table" {
    template   = file("addons/orders-table.yml")
    parameters = { Name = "api", ReadCapacity = "10" }
  }
}

service "order-worker" {
  type    = "worker"
  image   = image.core
  command = ["/app/core", "work"]
  cpu     = 1024
  memory  = 2048
  subscribe {
    topic "orders" {
      service       = "api"
      filter_policy = { event = ["order_placed", "order_cancelled"] }
    }
    topic "payments" {
      service = "api"
    }
    queue {
      retention         = "2d"
      timeout           = "5m"
      dead_letter_tries = 5
    }
  }
  autoscaling {
    min                 = 1
    max                 = 5
    queue_delay         = "30s"
    msg_processing_time = "500ms"
  }
}

service "admin" {
  type         = "request-driven-web"
  image        = image.admin
  port         = 80
  cpu          = 1024
  memory       = 2048
  environments = ["staging", "production"]
  variables    = { REGION = env.region }
}

job "nightly-report" {
  schedule     = "30 2 * * 1-5"
  timeout      = "30m"
  retries      = 2
  image        = image.core
  command      = ["/app/core", "report"]
  environments = ["production", "production-eu"]
  secrets      = { STRIPE_KEY = var.stripe_key_parameter }
}

job "cache-warmer" {
  schedule = "@every 90m"
  image    = image.core
  command  = ["/app/core", "warm"]
  network { placement = "private" }
}

pipeline "main" {
  source {
    provider   = "GitHub"
    repository = "https://github.com/example/shop"
    branch     = "main"
  }
  build {
    compute_type = "BUILD_GENERAL1_MEDIUM"
  }
  stage "dev" {
    test_commands = ["make smoke"]
  }
  stage "staging" {
    test_commands = ["make e2e"]
  }
  stage "production" {
    requires_approval = true
    depends_on        = ["api"]
  }
  stage "production-eu" {
    requires_approval = true
  }
}

pipeline "hotfix" {
  source {
    provider       = "CodeCommit"
    repository     = "shop"
    branch         = "hotfix"
    connection_arn = "arn:aws:codestar-connections:us-east-1:111111111111:connection/abcd"
  }
  stage "production" {
    requires_approval = true
  }
}
