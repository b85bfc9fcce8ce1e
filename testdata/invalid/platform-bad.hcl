app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

image "api" {
  build {
    context = "."
  }
  platform = "linux/arm64"
}

service "api" {
  type     = "backend"
  image    = image.api
  platform = "linux/amd64"
}

service "win" {
  type     = "backend"
  image    = "public.ecr.aws/example/win:1"
  platform = "windows_server_2019_core"
  cpu      = 512
  memory   = 1024
  storage {
    readonly_fs = true
    volume "data" {
      path = "/data"
      efs  = true
    }
  }
}

service "web" {
  type     = "request-driven-web"
  image    = "public.ecr.aws/example/web:1"
  port     = 8080
  platform = "windows_server_2022_full"
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  platform = "windows"
}
