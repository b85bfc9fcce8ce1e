package cfntemplate

import (
	"net/netip"
	"strconv"
)

// cidr evaluates Fn::Cidr [ipBlock, count, cidrBits]: count consecutive
// subnets with cidrBits host bits each, carved from the start of ipBlock.
func (c *Evaluator) cidr(arg any) (any, error) {
	a, _ := arg.([]any)
	if len(a) != 3 {
		return nil, evalError("Fn::Cidr requires a list argument with three elements")
	}
	vals := make([]string, 3)
	for i := range vals {
		e, err := c.Eval(a[i])
		if err != nil {
			return nil, err
		}
		vals[i] = String(e)
	}
	block, err1 := netip.ParsePrefix(vals[0])
	count, err2 := strconv.Atoi(vals[1])
	bits, err3 := strconv.Atoi(vals[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, evalError("Fn::Cidr requires an IP block, a count and a number of subnet bits")
	}
	return carve(block.Masked(), count, bits)
}

func carve(block netip.Prefix, count, hostBits int) (any, error) {
	prefixLen := block.Addr().BitLen() - hostBits
	if prefixLen < block.Bits() || count < 1 {
		return nil, evalError("Fn::Cidr cannot carve %d subnets of %d bits from %s", count, hostBits, block)
	}
	out := make([]any, 0, count)
	addr := block.Addr()
	for range count {
		p := netip.PrefixFrom(addr, prefixLen)
		if !block.Contains(addr) {
			return nil, evalError("Fn::Cidr cannot carve %d subnets of %d bits from %s", count, hostBits, block)
		}
		out = append(out, p.String())
		addr = nextBlock(addr, hostBits)
	}
	return out, nil
}

// nextBlock adds 2^hostBits to addr.
func nextBlock(addr netip.Addr, hostBits int) netip.Addr {
	b := addr.AsSlice()
	carry := 1 << (hostBits % 8)
	for i := len(b) - 1 - hostBits/8; i >= 0 && carry > 0; i-- {
		sum := int(b[i]) + carry
		b[i], carry = byte(sum), sum>>8
	}
	out, _ := netip.AddrFromSlice(b)
	return out
}
