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

// DefaultSubnetBits is the prefix length of the subnets carved from a VPC's
// range when the file lists none: /24, as Copilot's.
const DefaultSubnetBits = 24

// DefaultAZCount is the number of AZs, hence of public and of private
// subnets, of an environment that names neither its AZs nor its subnets:
// two, as Copilot's.
const DefaultAZCount = 2

// CarveSubnets returns the first n /24 networks of vpc, in address order,
// that overlap none of taken. An environment that gives a CIDR but no
// subnets gets Copilot's layout this way: the first /24s of the range,
// public then private, one of each per AZ (for 10.0.0.0/16: public
// 10.0.0.0/24 and 10.0.1.0/24, private 10.0.2.0/24 and 10.0.3.0/24).
func CarveSubnets(vpc netip.Prefix, n int, taken []netip.Prefix) ([]string, error) {
	if vpc.Bits() > DefaultSubnetBits {
		return nil, fmt.Errorf("the VPC %s is smaller than the /%d subnets flightplan carves from it; list public_subnets and private_subnets", vpc, DefaultSubnetBits)
	}
	var out []string
	first := vpc.Masked().Addr().As4()
	base := uint32(first[0])<<24 | uint32(first[1])<<16 | uint32(first[2])<<8 | uint32(first[3])
	blocks := uint32(1) << (DefaultSubnetBits - vpc.Bits())
	for i := uint32(0); i < blocks && len(out) < n; i++ {
		a := base + i<<(32-DefaultSubnetBits)
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)}), DefaultSubnetBits)
		if !overlapsAny(p, taken) {
			out = append(out, p.String())
		}
	}
	if len(out) < n {
		return nil, fmt.Errorf("the VPC %s has room for %d free /%d subnets, not the %d needed; list public_subnets and private_subnets", vpc, len(out), DefaultSubnetBits, n)
	}
	return out, nil
}

func overlapsAny(p netip.Prefix, taken []netip.Prefix) bool {
	for _, q := range taken {
		if p.Overlaps(q) {
			return true
		}
	}
	return false
}

// Overlaps reports whether two networks share an address.
func Overlaps(a, b netip.Prefix) bool { return a.Overlaps(b) }
