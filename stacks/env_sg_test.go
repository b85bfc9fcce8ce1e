package stacks

import (
	"encoding/json"
	"testing"

	"flightplan/addr"
)

// TestEnvSecurityGroupRulesGolden compiles an environment whose security
// group has extra ingress and egress rules (a single port, a range, every
// protocol) and one with ingress rules only, which keeps the group's
// default egress; both validate against awsspec and match testdata/sgrules.
func TestEnvSecurityGroupRulesGolden(t *testing.T) {
	d := compileGolden(t, loadHCL(t, `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "prod" {
  network {
    security_group {
      ingress {
        ip_protocol = "tcp"
        ports       = 443
        cidr        = "10.0.0.0/8"
      }
      ingress {
        ip_protocol = "udp"
        ports       = "5000-5010"
        cidr        = "192.168.0.0/16"
      }
      egress {
        ip_protocol = "-1"
        ports       = "0-65535"
        cidr        = "0.0.0.0/0"
      }
    }
  }
}

environment "test" {
  network {
    security_group {
      ingress {
        ip_protocol = "TCP"
        ports       = "22"
        cidr        = "203.0.113.0/24"
      }
    }
  }
}

service "web" {
  type  = "backend"
  image = "nginx"
}
`), "sgrules")
	prod := resources(t, tmpl(t, d, addr.Env("prod")))
	in, _ := json.Marshal(at(t, prod, "EnvironmentSecurityGroup", "Properties", "SecurityGroupIngress"))
	if want := `[{"CidrIp":"10.0.0.0/8","FromPort":443,"IpProtocol":"tcp","ToPort":443},{"CidrIp":"192.168.0.0/16","FromPort":5000,"IpProtocol":"udp","ToPort":5010}]`; string(in) != want {
		t.Errorf("prod ingress = %s, want %s", in, want)
	}
	out, _ := json.Marshal(at(t, prod, "EnvironmentSecurityGroup", "Properties", "SecurityGroupEgress"))
	if want := `[{"CidrIp":"0.0.0.0/0","FromPort":0,"IpProtocol":"-1","ToPort":65535}]`; string(out) != want {
		t.Errorf("prod egress = %s, want %s", out, want)
	}
	test := resources(t, tmpl(t, d, addr.Env("test")))
	props := at(t, test, "EnvironmentSecurityGroup", "Properties").(map[string]any)
	if _, ok := props["SecurityGroupEgress"]; ok {
		t.Errorf("test has egress rules %v, want the group's default egress", props["SecurityGroupEgress"])
	}
	if got := at(t, test, "EnvironmentSecurityGroup", "Properties", "SecurityGroupIngress").([]any)[0].(map[string]any)["IpProtocol"]; got != "tcp" {
		t.Errorf("test protocol = %v, want tcp", got)
	}
}
