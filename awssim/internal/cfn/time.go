package cfn

import (
	"time"
)

// cfnDuration is how long CloudFormation takes to create a resource of a
// type, in simulated time; updates take as long, deletions half as long.
// The proportions follow what AWS shows in practice: a load balancer takes
// minutes, a log group a second.
var cfnDurations = map[string]time.Duration{
	"AWS::EC2::VPC":                             15 * time.Second,
	"AWS::EC2::Subnet":                          5 * time.Second,
	"AWS::EC2::InternetGateway":                 15 * time.Second,
	"AWS::EC2::VPCGatewayAttachment":            15 * time.Second,
	"AWS::EC2::NatGateway":                      2 * time.Minute,
	"AWS::EC2::EIP":                             5 * time.Second,
	"AWS::EC2::RouteTable":                      2 * time.Second,
	"AWS::EC2::Route":                           2 * time.Second,
	"AWS::EC2::SubnetRouteTableAssociation":     2 * time.Second,
	"AWS::EC2::SecurityGroup":                   5 * time.Second,
	"AWS::EC2::SecurityGroupIngress":            2 * time.Second,
	"AWS::EC2::SecurityGroupEgress":             2 * time.Second,
	"AWS::EC2::VPCEndpoint":                     90 * time.Second,
	"AWS::ElasticLoadBalancingV2::LoadBalancer": 3 * time.Minute,
	"AWS::ElasticLoadBalancingV2::TargetGroup":  5 * time.Second,
	"AWS::ElasticLoadBalancingV2::Listener":     2 * time.Second,
	"AWS::ElasticLoadBalancingV2::ListenerRule": 2 * time.Second,
	"AWS::ECS::Cluster":                         10 * time.Second,
	"AWS::ECS::Service":                         2 * time.Minute,
	"AWS::ECS::TaskDefinition":                  2 * time.Second,
	"AWS::ECR::Repository":                      2 * time.Second,
	"AWS::Logs::LogGroup":                       1 * time.Second,
	"AWS::IAM::Role":                            15 * time.Second,
	"AWS::IAM::Policy":                          15 * time.Second,
	"AWS::IAM::ManagedPolicy":                   10 * time.Second,
	"AWS::IAM::InstanceProfile":                 2 * time.Minute,
	"AWS::KMS::Key":                             10 * time.Second,
	"AWS::KMS::Alias":                           2 * time.Second,
	"AWS::Route53::HostedZone":                  40 * time.Second,
	"AWS::Route53::RecordSet":                   30 * time.Second,
	"AWS::Route53::RecordSetGroup":              30 * time.Second,
	"AWS::CertificateManager::Certificate":      3 * time.Minute,
	"AWS::S3::Bucket":                           20 * time.Second,
	"AWS::SSM::Parameter":                       1 * time.Second,
	"AWS::SecretsManager::Secret":               2 * time.Second,
	"AWS::RDS::DBCluster":                       10 * time.Minute,
	"AWS::EFS::FileSystem":                      10 * time.Second,
	"AWS::EFS::MountTarget":                     90 * time.Second,
	"AWS::Lambda::Function":                     5 * time.Second,
	"AWS::SQS::Queue":                           60 * time.Second,
	"AWS::SNS::Topic":                           10 * time.Second,
	"AWS::DynamoDB::Table":                      20 * time.Second,
	"AWS::CloudWatch::Alarm":                    1 * time.Second,
	"AWS::CloudFront::Distribution":             4 * time.Minute,
	"AWS::RDS::DBInstance":                      8 * time.Minute,
	"AWS::EC2::FlowLog":                         5 * time.Second,
}

const cfnDefaultDuration = 10 * time.Second

// durationOf returns the simulated duration of an operation on typ.
func durationOf(typ, op string) time.Duration {
	d, ok := cfnDurations[typ]
	if !ok {
		d = cfnDefaultDuration
	}
	if op == "delete" {
		d = max(d/2, time.Second)
	}
	return d
}

// expressShare is the part of an operation's duration that applies the
// resource's configuration; the rest is stabilisation (a service reaching
// steady state, a load balancer becoming active), which express mode does
// not wait for.
const expressShare = 8

// expressDuration is the simulated duration of an operation on typ in
// express mode: its configuration applied, at least a second.
func expressDuration(typ, op string) time.Duration {
	return max(durationOf(typ, op)/expressShare, time.Second)
}

// Outcomes of a scheduled action.
const (
	outDone = iota
	outFailed
	outCancelled
	outSkipped
)

// cfnAction is one resource operation to schedule: it starts when every
// dependency in the same phase has finished.
type cfnAction struct {
	ID   string
	Deps []string
	Dur  time.Duration
	Fail string // the failure reason, or "" when it succeeds
	// FailAfter is how long a failing action runs before it fails; zero
	// means half its duration.
	FailAfter time.Duration
}

// cfnTiming is when an action ran and how it ended.
type cfnTiming struct {
	Start, End time.Time
	Outcome    int
}

// cfnPhase is the result of scheduling a phase of actions.
type cfnPhase struct {
	At     map[string]cfnTiming
	FailAt time.Time // zero when nothing failed
	End    time.Time
	Failed []string
}

// schedule runs acts (in dependency order) from t0, independent ones
// concurrently. The first failure at time T (or stop, if earlier than the
// natural end) cancels what is in progress at T — or lets it finish, if
// letFinish — and skips what has not started.
func schedule(t0 time.Time, acts []cfnAction, stop time.Time, letFinish bool) cfnPhase {
	ph := cfnPhase{At: map[string]cfnTiming{}, End: t0}
	for _, a := range acts {
		start := t0
		for _, d := range a.Deps {
			if t, ok := ph.At[d]; ok && t.End.After(start) {
				start = t.End
			}
		}
		end := start.Add(a.Dur)
		if a.Fail != "" {
			end = start.Add(max(a.Dur/2, time.Second))
			if a.FailAfter > 0 {
				end = start.Add(a.FailAfter)
			}
			if ph.FailAt.IsZero() || end.Before(ph.FailAt) {
				ph.FailAt = end
			}
		}
		ph.At[a.ID] = cfnTiming{Start: start, End: end}
		ph.End = later(ph.End, end)
	}
	if !stop.IsZero() && stop.Before(ph.End) && (ph.FailAt.IsZero() || stop.Before(ph.FailAt)) {
		ph.FailAt = stop
	}
	if !ph.FailAt.IsZero() {
		ph.settleOutcomes(acts, letFinish)
	}
	return ph
}

func (ph *cfnPhase) settleOutcomes(acts []cfnAction, letFinish bool) {
	ph.End = ph.FailAt
	for _, a := range acts {
		t := ph.At[a.ID]
		switch {
		case !t.Start.Before(ph.FailAt):
			t.Outcome = outSkipped
		case a.Fail != "" && (letFinish || !t.End.After(ph.FailAt)):
			t.Outcome = outFailed
			ph.Failed = append(ph.Failed, a.ID)
			ph.End = later(ph.End, t.End)
		case !t.End.After(ph.FailAt) || (letFinish && a.Fail == ""):
			t.Outcome = outDone
			ph.End = later(ph.End, t.End)
		default:
			t.Outcome, t.End = outCancelled, ph.FailAt
		}
		ph.At[a.ID] = t
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
