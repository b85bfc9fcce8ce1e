app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  network {
    cidr            = "10.0.0.0/16"
    public_subnets  = ["10.0.0.0/24", "10.0.1.0/24"]
    private_subnets = ["10.0.1.0/25", "10.0.3.0/24"]
  }
}
