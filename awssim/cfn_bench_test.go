package awssim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
)

// fortyResources is a template of 40 resources with dependencies: a VPC,
// subnets, security groups, a load balancer, log groups and parameters.
func fortyResources() string {
	res := map[string]any{
		"Vpc": map[string]any{"Type": "AWS::EC2::VPC", "Properties": map[string]any{"CidrBlock": "10.0.0.0/16"}},
		"Lb": map[string]any{"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": map[string]any{
			"Subnets": []any{map[string]any{"Ref": "Subnet0"}, map[string]any{"Ref": "Subnet1"}}}},
	}
	for i := range 4 {
		res[fmt.Sprintf("Subnet%d", i)] = map[string]any{"Type": "AWS::EC2::Subnet", "Properties": map[string]any{
			"VpcId": map[string]any{"Ref": "Vpc"}, "CidrBlock": fmt.Sprintf("10.0.%d.0/24", i)}}
		res[fmt.Sprintf("Sg%d", i)] = map[string]any{"Type": "AWS::EC2::SecurityGroup", "Properties": map[string]any{
			"GroupDescription": "sg", "VpcId": map[string]any{"Ref": "Vpc"}}}
	}
	for i := range 15 {
		res[fmt.Sprintf("Logs%d", i)] = map[string]any{"Type": "AWS::Logs::LogGroup"}
		res[fmt.Sprintf("Param%d", i)] = map[string]any{"Type": "AWS::SSM::Parameter", "Properties": map[string]any{
			"Type": "String", "Value": map[string]any{"Fn::GetAtt": []any{fmt.Sprintf("Logs%d", i), "Arn"}}}}
	}
	b, _ := json.Marshal(map[string]any{"Resources": res})
	return string(b)
}

// BenchmarkCreateStack40 measures the simulator's overhead for creating a
// 40-resource stack and polling it to completion on the fake clock.
func BenchmarkCreateStack40(b *testing.B) {
	_, c := cfnClient(b)
	body := fortyResources()
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		name := fmt.Sprintf("bench%d", i)
		if _, err := c.CreateStack(ctx, &cloudformation.CreateStackInput{StackName: aws.String(name), TemplateBody: aws.String(body)}); err != nil {
			b.Fatal(err)
		}
		if st := waitStack(b, c, name); st.StackStatus != types.StackStatusCreateComplete {
			b.Fatalf("status = %s (%s)", st.StackStatus, aws.ToString(st.StackStatusReason))
		}
	}
}
