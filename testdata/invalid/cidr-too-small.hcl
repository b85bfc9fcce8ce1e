app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {
  network {
    cidr = "10.1.0.0/23"
  }
}
