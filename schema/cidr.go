package schema

import (
	"fmt"
	"net/netip"
)

// ParseCIDR reads an IPv4 network in CIDR notation whose address is the
// network's first address ("10.0.0.0/16", not "10.0.0.1/16").
func ParseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("%q is not an IPv4 CIDR block; write it like \"10.0.0.0/16\"", s)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("%q has host bits set; the network is %s", s, p.Masked())
	}
	return p, nil
}

// CheckVPCSize reports whether p is a size AWS accepts for a VPC (/16 to /28).
func CheckVPCSize(p netip.Prefix) error {
	if p.Bits() < 16 || p.Bits() > 28 {
		return fmt.Errorf("the VPC CIDR %s must have a prefix length between /16 and /28", p)
	}
	return nil
}

// CheckSubnet reports whether subnet lies inside vpc.
func CheckSubnet(vpc, subnet netip.Prefix) error {
	if subnet.Bits() < vpc.Bits() || !vpc.Contains(subnet.Addr()) {
		return fmt.Errorf("subnet %s is not inside the VPC %s", subnet, vpc)
	}
	if subnet.Bits() > 28 {
		return fmt.Errorf("subnet %s is smaller than AWS allows (/28 at most)", subnet)
	}
	return nil
}

// Overlaps reports whether two networks share an address.
func Overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }
