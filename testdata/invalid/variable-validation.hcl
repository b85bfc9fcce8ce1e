variable "tasks" {
  type    = number
  default = 1
  validation {
    condition     = var.tasks >= 2
    error_message = "Run at least two tasks for high availability."
  }
}

app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}
