package schema

import (
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCarveSubnets(t *testing.T) {
	for name, tc := range map[string]struct {
		vpc     string
		n       int
		taken   []string
		want    []string
		wantErr string
	}{
		"copilot's defaults": {vpc: DefaultVPCCIDR, n: 4, want: append(append([]string(nil), DefaultPublicSubnets...), DefaultPrivateSubnets...)},
		"another range":      {vpc: "10.10.0.0/16", n: 4, want: []string{"10.10.0.0/24", "10.10.1.0/24", "10.10.2.0/24", "10.10.3.0/24"}},
		"skips taken":        {vpc: "172.16.0.0/20", n: 2, taken: []string{"172.16.0.0/24", "172.16.2.0/23"}, want: []string{"172.16.1.0/24", "172.16.4.0/24"}},
		"exactly full":       {vpc: "192.168.0.0/22", n: 4, want: []string{"192.168.0.0/24", "192.168.1.0/24", "192.168.2.0/24", "192.168.3.0/24"}},
		"too small for /24s": {vpc: "10.0.0.0/26", n: 4, wantErr: "the VPC 10.0.0.0/26 is smaller than the /24 subnets flightplan carves from it; list public_subnets and private_subnets"},
		"no room left":       {vpc: "10.0.0.0/23", n: 4, wantErr: "the VPC 10.0.0.0/23 has room for 2 free /24 subnets, not the 4 needed; list public_subnets and private_subnets"},
	} {
		t.Run(name, func(t *testing.T) {
			var taken []netip.Prefix
			for _, s := range tc.taken {
				taken = append(taken, netip.MustParsePrefix(s))
			}
			got, err := CarveSubnets(netip.MustParsePrefix(tc.vpc), tc.n, taken)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("subnets (-want +got):\n%s", diff)
			}
		})
	}
}
