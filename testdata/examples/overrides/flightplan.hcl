# The escape hatch: overrides patch the compiled templates of an
# environment, a service and a job (docs/language.md, "override").
app "patched" {
  account = "123456789012"
  region  = "us-east-1"
}

environment "dev" {
  # JSON patch on the environment's stack: Container Insights' "enhanced"
  # level, which container_insights (true or false) does not model.
  override {
    op    = "replace"
    path  = "/Resources/Cluster/Properties/ClusterSettings/0/Value"
    value = "enhanced"
  }
}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  port  = 8080

  # Copilot's taskdef_overrides: a path under the task definition's
  # Properties; [-] appends, missing fields are created.
  taskdef_override {
    path  = "ContainerDefinitions[0].Ulimits[-]"
    value = { Name = "nofile", SoftLimit = 1024, HardLimit = 4096 }
  }
  taskdef_override {
    path  = "ContainerDefinitions[0].ReadonlyRootFilesystem"
    value = true
  }

  # Copilot's YAML patches (cfn.patches.yml), applied after.
  override {
    op    = "replace"
    path  = "/Resources/LogGroup/Properties/RetentionInDays"
    value = 60
  }
  override {
    op   = "remove"
    path = "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Ulimits/0"
  }
  override {
    op    = "add"
    path  = "/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Ulimits/-"
    value = { Name = "nofile", SoftLimit = 2048, HardLimit = 8192 }
  }
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  taskdef_override {
    path  = "ContainerDefinitions[0].StopTimeout"
    value = 60
  }
}
