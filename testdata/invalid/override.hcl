app "patched" {
  account = "123456789012"
  region  = "us-east-1"
}

environment "dev" {
  override {
    op    = "move"
    path  = "/Resources/Cluster"
    value = {}
  }
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080
  override {
    op    = "add"
    path  = "Resources/LogGroup"
    value = {}
  }
  override {
    op   = "replace"
    path = "/Resources/Log~2Group"
  }
  override {
    op    = "remove"
    path  = "/Resources/LogGroup"
    value = 1
  }
  taskdef_override {
    path  = "ContainerDefinitions[x].Ulimits"
    value = []
  }
  taskdef_override {
    path  = "Family"
    value = "mine"
  }
  taskdef_override {
    path  = "ContainerDefinitions[0].Name"
    value = "other"
  }
  taskdef_override {
    path  = "ContainerDefinitions[0.Cpu"
    value = 1
  }
  taskdef_override {
    path  = ""
    value = 1
  }
  taskdef_override {
    path  = "ContainerDefinitions[0]..Cpu"
    value = 1
  }
}

service "rd" {
  type  = "request-driven-web"
  image = "public.ecr.aws/example/rd:1"
  port  = 8080
  taskdef_override {
    path  = "ContainerDefinitions[0].Cpu"
    value = 1
  }
}
