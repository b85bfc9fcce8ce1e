package stacks

import (
	"strconv"

	"flightplan/schema"
)

// netRefs are the environment's VPC and subnets as template values: Refs
// to created resources, or the IDs of an imported network.
type netRefs struct {
	vpc             any
	public, private list
}

// network adds the VPC, or uses the imported one. NAT gateways (one per
// public subnet, i.e. per AZ) exist only when nat is set; an imported
// network is the owner's to route.
func (c *compiler) network(t *template, env *schema.Environment, nat bool) netRefs {
	if imp := env.Network.Import; imp != nil {
		return netRefs{vpc: imp.VPCID, public: strList(imp.PublicSubnetIDs), private: strList(imp.PrivateSubnetIDs)}
	}
	name := "copilot-" + c.cfg.App.Name + "-" + env.Name
	net := netRefs{vpc: ref("VPC")}
	t.add("VPC", "AWS::EC2::VPC", obj{
		"CidrBlock":          env.Network.CIDR,
		"EnableDnsHostnames": true,
		"EnableDnsSupport":   true,
		"Tags":               tagList(map[string]string{"Name": name}),
	})
	publicRouting(t, name)
	for i, cidr := range env.Network.PublicSubnets {
		net.public = append(net.public, publicSubnet(t, env, name, i, cidr))
	}
	for i, cidr := range env.Network.PrivateSubnets {
		net.private = append(net.private, privateSubnet(t, env, name, i, cidr, nat))
	}
	return net
}

// publicRouting adds the internet gateway and the public route table.
func publicRouting(t *template, name string) {
	t.add("InternetGateway", "AWS::EC2::InternetGateway", obj{"Tags": tagList(map[string]string{"Name": name})})
	t.add("InternetGatewayAttachment", "AWS::EC2::VPCGatewayAttachment", obj{
		"InternetGatewayId": ref("InternetGateway"),
		"VpcId":             ref("VPC"),
	})
	t.add("PublicRouteTable", "AWS::EC2::RouteTable", obj{"VpcId": ref("VPC"), "Tags": tagList(map[string]string{"Name": name + "-pub"})})
	t.add("DefaultPublicRoute", "AWS::EC2::Route", obj{
		"RouteTableId":         ref("PublicRouteTable"),
		"DestinationCidrBlock": "0.0.0.0/0",
		"GatewayId":            ref("InternetGateway"),
	})
	t.dependsOn("DefaultPublicRoute", "InternetGatewayAttachment")
}

// publicSubnet adds public subnet i (PublicSubnet1, …), with a NAT
// gateway's address when needed, and returns its Ref.
func publicSubnet(t *template, env *schema.Environment, name string, i int, cidr string) any {
	id := "PublicSubnet" + strconv.Itoa(i+1)
	t.add(id, "AWS::EC2::Subnet", obj{
		"VpcId":               ref("VPC"),
		"CidrBlock":           cidr,
		"AvailabilityZone":    az(env, i),
		"MapPublicIpOnLaunch": true,
		"Tags":                tagList(map[string]string{"Name": name + "-pub" + strconv.Itoa(i)}),
	})
	t.add(id+"RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation", obj{
		"RouteTableId": ref("PublicRouteTable"),
		"SubnetId":     ref(id),
	})
	return ref(id)
}

// privateSubnet adds private subnet i with its own route table, routed to
// the NAT gateway of its AZ when nat is set, and returns its Ref.
func privateSubnet(t *template, env *schema.Environment, name string, i int, cidr string, nat bool) any {
	n := strconv.Itoa(i + 1)
	id, rt := "PrivateSubnet"+n, "PrivateRouteTable"+n
	t.add(id, "AWS::EC2::Subnet", obj{
		"VpcId":               ref("VPC"),
		"CidrBlock":           cidr,
		"AvailabilityZone":    az(env, i),
		"MapPublicIpOnLaunch": false,
		"Tags":                tagList(map[string]string{"Name": name + "-priv" + strconv.Itoa(i)}),
	})
	t.add(rt, "AWS::EC2::RouteTable", obj{"VpcId": ref("VPC"), "Tags": tagList(map[string]string{"Name": name + "-priv" + strconv.Itoa(i)})})
	t.add(rt+"Association", "AWS::EC2::SubnetRouteTableAssociation", obj{"RouteTableId": ref(rt), "SubnetId": ref(id)})
	if nat && len(env.Network.PublicSubnets) > 0 {
		gw := natGateway(t, i%len(env.Network.PublicSubnets))
		t.add("PrivateRoute"+n, "AWS::EC2::Route", obj{
			"RouteTableId":         ref(rt),
			"DestinationCidrBlock": "0.0.0.0/0",
			"NatGatewayId":         ref(gw),
		})
	}
	return ref(id)
}

// natGateway adds (once) the NAT gateway of public subnet i and its
// address, and returns the gateway's logical ID.
func natGateway(t *template, i int) string {
	n := strconv.Itoa(i + 1)
	gw := "NatGateway" + n
	if _, ok := t.resources[gw]; ok {
		return gw
	}
	t.add(gw+"Attachment", "AWS::EC2::EIP", obj{"Domain": "vpc"})
	t.dependsOn(gw+"Attachment", "InternetGatewayAttachment")
	t.add(gw, "AWS::EC2::NatGateway", obj{
		"AllocationId": getAtt(gw+"Attachment", "AllocationId"),
		"SubnetId":     ref("PublicSubnet" + n),
	})
	return gw
}

// az is the AZ of subnet i: the listed AZs in turn, or the region's AZs in
// order (Fn::GetAZs) when none are listed.
func az(env *schema.Environment, i int) any {
	if azs := env.Network.AZs; len(azs) > 0 {
		return azs[i%len(azs)]
	}
	return selectc(i, getAZs())
}
