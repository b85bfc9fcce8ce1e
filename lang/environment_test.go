package lang

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/schema"
)

// TestNetworkDefaultsFollowTheCIDR checks that the subnets a network block
// leaves out are carved from its own range (the first /24s, public then
// private, one of each per AZ) rather than taken from the default VPC's.
func TestNetworkDefaultsFollowTheCIDR(t *testing.T) {
	const app = "app \"a\" {\n  account = \"111111111111\"\n  region  = \"us-east-1\"\n}\n"
	for name, tc := range map[string]struct {
		network string
		want    schema.Network
	}{
		"no network block": {
			network: "",
			want:    schema.DefaultNetwork(),
		},
		"cidr alone": {
			network: `cidr = "10.10.0.0/16"`,
			want: schema.Network{CIDR: "10.10.0.0/16",
				PublicSubnets: []string{"10.10.0.0/24", "10.10.1.0/24"}, PrivateSubnets: []string{"10.10.2.0/24", "10.10.3.0/24"}},
		},
		"cidr and three AZs": {
			network: "cidr = \"172.20.0.0/20\"\n    azs = [\"us-east-1a\", \"us-east-1b\", \"us-east-1c\"]",
			want: schema.Network{CIDR: "172.20.0.0/20", AZs: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
				PublicSubnets:  []string{"172.20.0.0/24", "172.20.1.0/24", "172.20.2.0/24"},
				PrivateSubnets: []string{"172.20.3.0/24", "172.20.4.0/24", "172.20.5.0/24"}},
		},
		"default cidr and three AZs": {
			network: `azs = ["us-east-1a", "us-east-1b", "us-east-1c"]`,
			want: schema.Network{CIDR: schema.DefaultVPCCIDR, AZs: []string{"us-east-1a", "us-east-1b", "us-east-1c"},
				PublicSubnets:  []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"},
				PrivateSubnets: []string{"10.0.3.0/24", "10.0.4.0/24", "10.0.5.0/24"}},
		},
		"public given, private carved around it": {
			network: "cidr = \"10.10.0.0/16\"\n    public_subnets = [\"10.10.0.0/24\", \"10.10.2.0/24\"]",
			want: schema.Network{CIDR: "10.10.0.0/16",
				PublicSubnets: []string{"10.10.0.0/24", "10.10.2.0/24"}, PrivateSubnets: []string{"10.10.1.0/24", "10.10.3.0/24"}},
		},
		"private given, public carved around it": {
			network: "cidr = \"10.10.0.0/16\"\n    private_subnets = [\"10.10.0.0/24\", \"10.10.1.0/24\"]",
			want: schema.Network{CIDR: "10.10.0.0/16",
				PublicSubnets: []string{"10.10.2.0/24", "10.10.3.0/24"}, PrivateSubnets: []string{"10.10.0.0/24", "10.10.1.0/24"}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			src := app + "environment \"e\" {\n  network {\n    " + tc.network + "\n  }\n}\n"
			if tc.network == "" {
				src = app + "environment \"e\" {}\n"
			}
			cfg := load(t, Options{File: writeConfig(t, "flightplan.hcl", src)})
			if diff := cmp.Diff(tc.want, cfg.Environments[0].Network); diff != "" {
				t.Errorf("network (-want +got):\n%s", diff)
			}
		})
	}
}
