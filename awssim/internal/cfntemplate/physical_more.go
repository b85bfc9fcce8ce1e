package cfntemplate

import (
	"strings"

	"flightplan/awssim/internal/simcore"
)

// Physical IDs and attributes of the types Copilot's templates use that
// awsspec/types.txt does not list yet (CloudFormation refuses them in the
// simulator until it does): ready for when it does. RecordSetGroup is
// served already, from awsspec/supplement.json. Also the ARNs of
// state machines, alarms and App Runner services, in the shapes the
// tagging API's resource types (states:stateMachine, cloudwatch:alarm,
// apprunner:service) are read from.
func init() {
	for typ, f := range morePhysicalIDs {
		physicalIDs[typ] = f
	}
	for k, f := range moreAttrs {
		attrTable[k] = f
	}
}

// upperID is an upper-case alphanumeric ID of n characters after prefix,
// as CloudFront's (E2QWRUHEXAMPLE).
func upperID(prefix string, n int) func(Env, string, map[string]any, int) string {
	return func(e Env, l string, _ map[string]any, g int) string {
		return prefix + strings.ToUpper(simcore.Digest(n, e.seed(l, g), prefix))
	}
}

var morePhysicalIDs = map[string]func(Env, string, map[string]any, int) string{
	"AWS::EC2::FlowLog":                    prefixed("fl-0", 16),
	"AWS::Logs::ResourcePolicy":            named("PolicyName", 255, false),
	"AWS::CloudFront::Distribution":        upperID("E", 13),
	"AWS::CloudFront::OriginAccessControl": upperID("E", 13),
	"AWS::CloudFront::CachePolicy":         func(e Env, l string, _ map[string]any, g int) string { return simcore.UUID(e.seed(l, g)) },
	"AWS::CloudFront::OriginRequestPolicy": func(e Env, l string, _ map[string]any, g int) string { return simcore.UUID(e.seed(l, g)) },
	"AWS::RDS::DBInstance":                 named("DBInstanceIdentifier", 63, true),
	"AWS::RDS::DBClusterParameterGroup":    named("DBClusterParameterGroupName", 255, true),
	"AWS::RDS::DBParameterGroup":           named("DBParameterGroupName", 255, true),
	"AWS::Route53::RecordSetGroup":         func(e Env, l string, _ map[string]any, g int) string { return e.generatedName(l, g, 0) },
	"AWS::SecretsManager::SecretTargetAttachment": func(e Env, l string, p map[string]any, g int) string {
		if s := String(p["SecretId"]); s != "" {
			return s
		}
		return e.arn("secretsmanager", "secret:"+e.generatedName(l, g, 0))
	},
	"AWS::CloudFront::Function": func(e Env, l string, p map[string]any, g int) string {
		return "arn:aws:cloudfront::" + e.Account + ":function/" + e.nameOr(p, "Name", l, g, 64, false)
	},
	"AWS::StepFunctions::StateMachine": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("states", "stateMachine:"+e.nameOr(p, "StateMachineName", l, g, 80, false))
	},
	"AWS::AppRunner::Service": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("apprunner", "service/"+e.nameOr(p, "ServiceName", l, g, 40, false)+"/"+simcore.Digest(32, e.seed(l, g)))
	},
	"AWS::AppRunner::VpcIngressConnection": func(e Env, l string, p map[string]any, g int) string {
		return e.arn("apprunner", "vpcingressconnection/"+e.nameOr(p, "VpcIngressConnectionName", l, g, 40, false)+"/"+simcore.Digest(32, e.seed(l, g)))
	},
}

var moreAttrs = map[string]attrFunc{
	"AWS::EC2::FlowLog.Id":                  physical,
	"AWS::StepFunctions::StateMachine.Arn":  physical,
	"AWS::StepFunctions::StateMachine.Name": func(_ Env, r Planned) any { return r.PhysicalID[strings.LastIndex(r.PhysicalID, ":")+1:] },
	"AWS::CloudWatch::Alarm.Arn":            func(e Env, r Planned) any { return e.arn("cloudwatch", "alarm:"+r.PhysicalID) },
	"AWS::AppRunner::Service.ServiceArn":    physical,
	"AWS::AppRunner::Service.ServiceId":     func(_ Env, r Planned) any { return lastSegment(r.PhysicalID) },
	"AWS::AppRunner::Service.ServiceUrl": func(e Env, r Planned) any {
		return simcore.Digest(10, r.PhysicalID) + "." + e.Region + ".awsapprunner.com"
	},
	"AWS::AppRunner::Service.Status":                 func(Env, Planned) any { return "RUNNING" },
	"AWS::CloudFront::Distribution.Id":               physical,
	"AWS::CloudFront::Distribution.DomainName":       func(_ Env, r Planned) any { return "d" + simcore.Digest(13, r.PhysicalID) + ".cloudfront.net" },
	"AWS::CloudFront::OriginAccessControl.Id":        physical,
	"AWS::CloudFront::CachePolicy.Id":                physical,
	"AWS::CloudFront::OriginRequestPolicy.Id":        physical,
	"AWS::CloudFront::Function.FunctionARN":          physical,
	"AWS::CloudFront::Function.Stage":                func(_ Env, r Planned) any { return "LIVE" },
	"AWS::RDS::DBInstance.DBInstanceArn":             arnOf("rds", "db:"),
	"AWS::RDS::DBInstance.Endpoint.Port":             func(Env, Planned) any { return "3306" },
	"AWS::SecretsManager::SecretTargetAttachment.Id": physical,
	"AWS::RDS::DBInstance.Endpoint.Address": func(e Env, r Planned) any {
		return r.PhysicalID + "." + simcore.Digest(12, r.PhysicalID) + "." + e.Region + ".rds.amazonaws.com"
	},
	"AWS::AppRunner::VpcIngressConnection.VpcIngressConnectionArn": physical,
	"AWS::AppRunner::VpcIngressConnection.Status":                  func(Env, Planned) any { return "AVAILABLE" },
	"AWS::AppRunner::VpcIngressConnection.DomainName": func(e Env, r Planned) any {
		return simcore.Digest(10, r.PhysicalID) + ".privatelink." + e.Region + ".on.aws"
	},
}
