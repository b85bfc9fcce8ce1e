app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "prod" {
  network {
    security_group {
      ingress {
        ip_protocol = "tcpp"
        ports       = 443
        cidr        = "10.0.0.0/8"
      }
      ingress {
        ip_protocol = "udp"
        ports       = "5010-5000"
        cidr        = "10.0.0.0"
      }
      ingress {
        ip_protocol = "256"
        ports       = 70000
        cidr        = "2001:db8::/32"
      }
      egress {
        ip_protocol = "tcp"
        ports       = "all"
        cidr        = "0.0.0.0/0"
      }
      egress {
        ports = 80
      }
    }
  }
}
