package awsspec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// base is the start of every test template: a parameter, a condition, a mapping and a VPC.
const base = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String}
Mappings:
  Sizes: {prod: {Count: 3}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
`

// tmpl returns base with more resources (YAML indented by two spaces) and more top-level
// sections after them.
func tmpl(resources, tail string) []byte {
	return []byte(base + resources + tail)
}

// res returns one extra resource X of type typ with the given properties (flow YAML).
func res(typ, props string) string {
	return "  X:\n    Type: " + typ + "\n    Properties: " + props + "\n"
}

func problem(path, msg string) []Problem { return []Problem{{Path: path, Message: msg}} }

const xp = "Resources.X.Properties."

type validateCase struct {
	body []byte
	want []Problem
}

func runValidate(t *testing.T, tests map[string]validateCase) {
	t.Helper()
	s := Load()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, s.ValidateTemplate(tc.body)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestValidateStructure(t *testing.T) {
	runValidate(t, map[string]validateCase{
		"good base":               {tmpl("", ""), nil},
		"not well-formed":         {[]byte("Resources: [a"), []Problem{{Message: "YAML not well-formed: yaml: line 1: did not find expected ',' or ']'"}}},
		"unknown section":         {tmpl("", "Foo: 1\n"), problem("", "Invalid template property or properties [Foo]")},
		"no resources good":       {[]byte("Resources:\n  Q: {Type: AWS::SQS::Queue}\n"), nil},
		"no resources bad":        {[]byte("Resources: {}\n"), problem("Resources", "At least one Resources member must be defined.")},
		"section not a map":       {tmpl("", "Outputs: [a]\n"), problem("Outputs", "Template format error: Outputs must be an object")},
		"parameter good":          {tmpl("", ""), nil},
		"parameter no type":       {[]byte("Parameters: {P: {Default: x}}\nResources: {Q: {Type: AWS::SQS::Queue}}\n"), problem("Parameters.P", "Every Parameters object must contain a Type member.")},
		"resource no type":        {tmpl("  X: {Properties: {}}\n", ""), problem("Resources.X", "Every Resources object must contain a Type member.")},
		"resource attribute good": {tmpl("  X: {Type: AWS::SQS::Queue, DeletionPolicy: Retain, UpdateReplacePolicy: Retain, Metadata: {a: b}}\n", ""), nil},
		"resource attribute bad":  {tmpl("  X: {Type: AWS::SQS::Queue, Propertys: {}}\n", ""), problem("Resources.X.Propertys", "Invalid template resource property 'Propertys'")},
		"type known":              {tmpl(res("AWS::Logs::LogGroup", "{}"), ""), nil},
		"type unknown":            {tmpl(res("AWS::Logs::LogGroupp", "{}"), ""), problem("Resources.X.Type", "Unrecognized resource types: [AWS::Logs::LogGroupp]")},
		"custom resource":         {tmpl(res("Custom::Thing", "{ServiceToken: x, Anything: [1], Ref: !Ref Vpc}"), ""), nil},
		"custom resource bad ref": {tmpl(res("Custom::Thing", "{ServiceToken: !Ref Nope}"), ""), problem(xp+"ServiceToken.Ref", unresolved("Nope"))},
		"properties not a map":    {tmpl(res("AWS::Logs::LogGroup", "[a]"), ""), problem("Resources.X.Properties", "Properties must be an object")},
		"null value":              {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: null}"), ""), problem(xp+"LogGroupName", "'null' values are not allowed in templates")},
	})
}

func TestValidateProperties(t *testing.T) {
	runValidate(t, map[string]validateCase{
		"known":                {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: a, RetentionInDays: 7}"), ""), nil},
		"unknown":              {tmpl(res("AWS::Logs::LogGroup", "{Name: a}"), ""), problem(xp+"Name", "Encountered unsupported property Name")},
		"nested known":         {tmpl(res("AWS::ECS::Service", "{LoadBalancers: [{ContainerName: web, ContainerPort: 80}]}"), ""), nil},
		"nested unknown":       {tmpl(res("AWS::ECS::Service", "{LoadBalancers: [{ContainerName: web, Port: 80}]}"), ""), problem(xp+"LoadBalancers.0.Port", "Encountered unsupported property Port")},
		"deep known":           {tmpl(res("AWS::ECS::Service", "{NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [a], AssignPublicIp: ENABLED}}}"), ""), nil},
		"deep unknown":         {tmpl(res("AWS::ECS::Service", "{NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [a], Public: true}}}"), ""), problem(xp+"NetworkConfiguration.AwsvpcConfiguration.Public", "Encountered unsupported property Public")},
		"required present":     {tmpl(res("AWS::SSM::Parameter", "{Type: String, Value: v}"), ""), nil},
		"required missing":     {tmpl(res("AWS::SSM::Parameter", "{Type: String}"), ""), problem(xp+"Value", "Property Value cannot be empty.")},
		"required nested":      {tmpl(res("AWS::ECS::TaskDefinition", "{ContainerDefinitions: [{Name: web, Image: x, LogConfiguration: {Options: {a: b}}}]}"), ""), problem(xp+"ContainerDefinitions.0.LogConfiguration.LogDriver", "Property LogDriver cannot be empty.")},
		"required no props":    {tmpl("  X: {Type: AWS::SSM::Parameter}\n", ""), []Problem{{Path: xp + "Type", Message: "Property Type cannot be empty."}, {Path: xp + "Value", Message: "Property Value cannot be empty."}}},
		"integer literal":      {tmpl(res("AWS::Logs::LogGroup", "{RetentionInDays: 7}"), ""), nil},
		"integer string":       {tmpl(res("AWS::Logs::LogGroup", `{RetentionInDays: "7"}`), ""), nil},
		"integer bad string":   {tmpl(res("AWS::Logs::LogGroup", "{RetentionInDays: seven}"), ""), problem(xp+"RetentionInDays", "Value of property RetentionInDays must be of type Integer")},
		"integer fraction":     {tmpl(res("AWS::Logs::LogGroup", "{RetentionInDays: 7.5}"), ""), problem(xp+"RetentionInDays", "Value of property RetentionInDays must be of type Integer")},
		"boolean string":       {tmpl(res("AWS::EC2::VPC", `{CidrBlock: 10.1.0.0/16, EnableDnsSupport: "false"}`), ""), nil},
		"boolean bad":          {tmpl(res("AWS::EC2::VPC", "{CidrBlock: 10.1.0.0/16, EnableDnsSupport: maybe}"), ""), problem(xp+"EnableDnsSupport", "Value of property EnableDnsSupport must be of type Boolean")},
		"string from number":   {tmpl(res("AWS::ElasticLoadBalancingV2::TargetGroup", "{HealthCheckPort: 8080}"), ""), nil},
		"string from map":      {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: {a: b}}"), ""), problem(xp+"LogGroupName", "Value of property LogGroupName must be of type String")},
		"double":               {tmpl(res("AWS::CloudWatch::Alarm", `{ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1, Threshold: "1.5"}`), ""), nil},
		"double bad":           {tmpl(res("AWS::CloudWatch::Alarm", "{ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1, Threshold: high}"), ""), problem(xp+"Threshold", "Value of property Threshold must be of type Double")},
		"list good":            {tmpl(res("AWS::ECS::Service", "{ServiceRegistries: []}"), ""), nil},
		"list bad":             {tmpl(res("AWS::ECS::Service", "{ServiceRegistries: {RegistryArn: a}}"), ""), problem(xp+"ServiceRegistries", "Value of property ServiceRegistries must be of type List of ServiceRegistry")},
		"list item bad":        {tmpl(res("AWS::RDS::DBSubnetGroup", "{DBSubnetGroupDescription: d, SubnetIds: [a, [b]]}"), ""), problem(xp+"SubnetIds.1", "Value of property SubnetIds must be of type String")},
		"object bad":           {tmpl(res("AWS::ECS::Service", "{NetworkConfiguration: awsvpc}"), ""), problem(xp+"NetworkConfiguration", "Value of property NetworkConfiguration must be an object")},
		"map good":             {tmpl(res("AWS::CloudFormation::Stack", "{TemplateURL: u, Parameters: {A: b, C: 1}}"), ""), nil},
		"map bad":              {tmpl(res("AWS::CloudFormation::Stack", "{TemplateURL: u, Parameters: [a]}"), ""), problem(xp+"Parameters", "Value of property Parameters must be an object")},
		"map value bad":        {tmpl(res("AWS::CloudFormation::Stack", "{TemplateURL: u, Parameters: {A: [b]}}"), ""), problem(xp+"Parameters.A", "Value of property Parameters must be of type String")},
		"json good":            {tmpl(res("AWS::IAM::ManagedPolicy", "{PolicyDocument: {Statement: [{Effect: Allow, Resource: !GetAtt Vpc.VpcId}]}}"), ""), nil},
		"json intrinsic bad":   {tmpl(res("AWS::IAM::ManagedPolicy", "{PolicyDocument: {Statement: [{Resource: !Ref Nope}]}}"), ""), problem(xp+"PolicyDocument.Statement.0.Resource.Ref", unresolved("Nope"))},
		"union good":           {tmpl(res("AWS::SecretsManager::Secret", "{}"), ""), nil},
		"intrinsic skips type": {tmpl(res("AWS::Logs::LogGroup", "{RetentionInDays: !Ref Env}"), ""), nil},
	})
}

func TestValidateRefAndGetAtt(t *testing.T) {
	runValidate(t, map[string]validateCase{
		"ref parameter":      {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: !Ref Env}"), ""), nil},
		"ref resource":       {tmpl(res("AWS::EC2::Subnet", "{VpcId: !Ref Vpc}"), ""), nil},
		"ref pseudo":         {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: !Ref AWS::StackName}"), ""), nil},
		"ref novalue":        {tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: !Ref AWS::NoValue}"), ""), nil},
		"ref unknown":        {tmpl(res("AWS::EC2::Subnet", "{VpcId: !Ref Vpcc}"), ""), problem(xp+"VpcId.Ref", unresolved("Vpcc"))},
		"ref not a string":   {tmpl(res("AWS::EC2::Subnet", "{VpcId: {Ref: [Vpc]}}"), ""), problem(xp+"VpcId.Ref", "Template format error: Every Ref object must have a single String value.")},
		"getatt list":        {tmpl(res("AWS::EC2::Subnet", "{VpcId: {Fn::GetAtt: [Vpc, VpcId]}}"), ""), nil},
		"getatt string":      {tmpl(res("AWS::EC2::Subnet", `{VpcId: {"Fn::GetAtt": "Vpc.VpcId"}}`), ""), nil},
		"getatt dotted":      {tmpl("  Db: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-postgresql}}\n"+res("AWS::SSM::Parameter", "{Type: String, Value: !GetAtt Db.Endpoint.Address}"), ""), nil},
		"getatt stack":       {tmpl("  S: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: u}}\n"+res("AWS::SSM::Parameter", "{Type: String, Value: !GetAtt S.Outputs.Foo}"), ""), nil},
		"getatt custom":      {tmpl("  C: {Type: Custom::X, Properties: {ServiceToken: t}}\n"+res("AWS::SSM::Parameter", "{Type: String, Value: !GetAtt C.Anything}"), ""), nil},
		"getatt call":        {tmpl(res("AWS::SSM::Parameter", "{Type: String, Value: !GetAtt [Vpc, !Ref Env]}"), ""), nil},
		"getatt no resource": {tmpl(res("AWS::EC2::Subnet", "{VpcId: !GetAtt Nope.VpcId}"), ""), problem(xp+"VpcId.Fn::GetAtt", "Template error: instance of Fn::GetAtt references undefined resource Nope")},
		"getatt bad attr":    {tmpl(res("AWS::EC2::Subnet", "{VpcId: !GetAtt Vpc.Id}"), ""), problem(xp+"VpcId.Fn::GetAtt", "Template error: resource Vpc does not support attribute type Id in Fn::GetAtt")},
		"getatt bad shape":   {tmpl(res("AWS::EC2::Subnet", "{VpcId: {Fn::GetAtt: [Vpc]}}"), ""), problem(xp+"VpcId.Fn::GetAtt", "Template error: every Fn::GetAtt object requires two non-empty parameters")},
	})
}

func TestValidateFunctions(t *testing.T) {
	lg := func(v string) []byte { return tmpl(res("AWS::Logs::LogGroup", "{LogGroupName: "+v+"}"), "") }
	const name = xp + "LogGroupName."
	runValidate(t, map[string]validateCase{
		"join good":         {lg(`!Join ["-", [a, !Ref Env]]`), nil},
		"join call list":    {lg(`!Join ["-", !Split [",", a]]`), nil},
		"join bad":          {lg(`!Join [a, b]`), problem(name+"Fn::Join", "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")},
		"join nested bad":   {lg(`!Join ["-", [!Ref Nope]]`), problem(name+"Fn::Join.1.0.Ref", unresolved("Nope"))},
		"sub good":          {lg(`!Sub "${Env}-${AWS::Region}-${Vpc}-${Vpc.CidrBlock}-${!Literal}"`), nil},
		"sub map good":      {lg(`!Sub ["${A}-${Env}", {A: !Ref Vpc}]`), nil},
		"sub unresolved":    {lg(`!Sub "${Nope}"`), problem(name+"Fn::Sub", unresolved("Nope"))},
		"sub bad resource":  {lg(`!Sub "${Nope.Arn}"`), problem(name+"Fn::Sub", unresolved("Nope"))},
		"sub bad attribute": {lg(`!Sub "${Vpc.Nope}"`), problem(name+"Fn::Sub", "Template error: resource Vpc does not support attribute type Nope in Fn::Sub")},
		"sub bad shape":     {lg(`!Sub [a, b, c]`), problem(name+"Fn::Sub", "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string")},
		"if good":           {lg(`!If [IsProd, a, !Ref AWS::NoValue]`), nil},
		"if undefined":      {lg(`!If [IsDev, a, b]`), problem(name+"Fn::If.0", "Template error: unresolved condition dependency IsDev in Fn::If")},
		"if bad shape":      {lg(`!If [IsProd, a]`), problem(name+"Fn::If", "Template error: Fn::If requires a list argument with three elements")},
		"if branch type":    {tmpl(res("AWS::Logs::LogGroup", "{RetentionInDays: !If [IsProd, 30, thirty]}"), ""), problem(xp+"RetentionInDays.Fn::If.2", "Value of property RetentionInDays must be of type Integer")},
		"select good":       {lg(`!Select [0, !GetAZs ""]`), nil},
		"select bad":        {lg(`!Select [first, [a]]`), problem(name+"Fn::Select", "Template error: Fn::Select requires a list argument with two elements: an integer index and a list")},
		"split good":        {lg(`!Select [0, !Split [",", !Ref Env]]`), nil},
		"split bad":         {lg(`!Select [0, !Split [","]]`), problem(name+"Fn::Select.1.Fn::Split", "Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.")},
		"findinmap good":    {lg(`!FindInMap [Sizes, prod, Count]`), nil},
		"findinmap missing": {lg(`!FindInMap [Nope, prod, Count]`), problem(name+"Fn::FindInMap.0", "Template error: Unable to get mapping for Nope")},
		"findinmap shape":   {lg(`!FindInMap [Sizes, prod]`), problem(name+"Fn::FindInMap", "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")},
		"importvalue good":  {lg(`!ImportValue {Fn::Sub: "${Env}-VpcId"}`), nil},
		"importvalue bad":   {lg(`!ImportValue [a]`), problem(name+"Fn::ImportValue", "Template error: Fn::ImportValue requires a string or a function that returns one")},
		"base64 good":       {lg(`!Base64 x`), nil},
		"cidr good":         {lg(`!Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]`), nil},
		"cidr bad":          {lg(`!Select [0, !Cidr [a]]`), problem(name+"Fn::Select.1.Fn::Cidr", "Template error: Fn::Cidr requires a list of an IP block, a count and the CIDR bits")},
		"unsupported":       {lg(`{Fn::Nope: x}`), problem(xp+"LogGroupName", "Encountered unsupported function: Fn::Nope")},
		"intrinsic in list": {tmpl(res("AWS::RDS::DBSubnetGroup", "{DBSubnetGroupDescription: d, SubnetIds: [!Ref Nope]}"), ""), problem(xp+"SubnetIds.0.Ref", unresolved("Nope"))},
		"getazs good":       {lg(`!Select [0, !GetAZs {Ref: AWS::Region}]`), nil},
	})
}

func TestValidateConditionsAndDependencies(t *testing.T) {
	withCond := func(name, expr string) []byte {
		return []byte(`Parameters: {Env: {Type: String}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  ` + name + `: ` + expr + `
Resources:
  Q: {Type: AWS::SQS::Queue}
`)
	}
	runValidate(t, map[string]validateCase{
		"and good":                {withCond("C", "!And [!Condition IsProd, !Equals [a, b]]"), nil},
		"and bad shape":           {withCond("C", "!And [!Condition IsProd]"), problem("Conditions.C.Fn::And", "Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.")},
		"or good":                 {withCond("C", "!Or [!Condition IsProd, !Not [!Condition IsProd]]"), nil},
		"or undefined":            {withCond("C", "!Or [!Condition IsProd, !Condition IsDev]"), problem("Conditions.C.Fn::Or.1.Condition", "Template error: unresolved condition dependency IsDev in Condition")},
		"not bad shape":           {withCond("C", "!Not [!Condition IsProd, !Condition IsProd]"), problem("Conditions.C.Fn::Not", "Template error: every Fn::Not object requires one boolean parameter.")},
		"equals bad shape":        {withCond("C", "!Equals [a]"), problem("Conditions.C.Fn::Equals", "Template error: every Fn::Equals object requires a list of 2 string parameters.")},
		"condition ref res":       {withCond("C", "!Equals [!Ref Q, a]"), problem("Conditions.C.Fn::Equals.0.Ref", "Template format error: Unresolved dependencies [Q]. Cannot reference resources in the Conditions block of the template")},
		"condition not fn":        {withCond("C", "true"), problem("Conditions.C", "Template error: every condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition")},
		"resource condition good": {tmpl("  X: {Type: AWS::SQS::Queue, Condition: IsProd}\n", ""), nil},
		"resource condition bad":  {tmpl("  X: {Type: AWS::SQS::Queue, Condition: IsDev}\n", ""), problem("Resources.X.Condition", "Unresolved condition dependency IsDev")},
		"dependson good":          {tmpl("  X: {Type: AWS::SQS::Queue, DependsOn: [Vpc]}\n", ""), nil},
		"dependson string":        {tmpl("  X: {Type: AWS::SQS::Queue, DependsOn: Vpc}\n", ""), nil},
		"dependson bad":           {tmpl("  X: {Type: AWS::SQS::Queue, DependsOn: [Vpc, Nope]}\n", ""), problem("Resources.X.DependsOn", unresolved("Nope"))},
		"dependson bad shape":     {tmpl("  X: {Type: AWS::SQS::Queue, DependsOn: {a: b}}\n", ""), problem("Resources.X.DependsOn", "DependsOn must be a string or list of strings")},
	})
}

func TestValidateOutputs(t *testing.T) {
	out := func(o string) []byte { return tmpl("", "Outputs:\n  O: "+o+"\n") }
	runValidate(t, map[string]validateCase{
		"good":             {out(`{Value: !Ref Vpc, Description: d, Export: {Name: !Sub "${AWS::StackName}-VpcId"}, Condition: IsProd}`), nil},
		"no value":         {out(`{Description: d}`), problem("Outputs.O", "Every Outputs member must contain a Value object")},
		"bad value":        {out(`{Value: !GetAtt Vpc.Nope}`), problem("Outputs.O.Value.Fn::GetAtt", "Template error: resource Vpc does not support attribute type Nope in Fn::GetAtt")},
		"export no name":   {out(`{Value: a, Export: {Nom: b}}`), problem("Outputs.O.Export", "Every Export member must contain a Name")},
		"bad condition":    {out(`{Value: a, Condition: IsDev}`), problem("Outputs.O.Condition", "Unresolved condition dependency IsDev")},
		"unknown property": {out(`{Value: a, Exports: b}`), problem("Outputs.O.Exports", "Invalid template output property 'Exports'")},
	})
}

func TestValidateJSONTemplate(t *testing.T) {
	body := []byte(`{"Resources": {"G": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": "x", "LogGroupName": {"Fn::Sub": "/copilot/${AWS::StackName}"}}}}}`)
	runValidate(t, map[string]validateCase{
		"json": {body, problem("Resources.G.Properties.RetentionInDays", "Value of property RetentionInDays must be of type Integer")},
	})
}
