package schema

import (
	"time"

	"github.com/hashicorp/hcl/v2"
)

// Config is one evaluated, validated flightplan file.
type Config struct {
	App          App
	Environments []*Environment // in file order
	Images       []*Image       // in file order
	Workloads    []*Workload    // services and jobs, in file order
	Pipelines    []*Pipeline    // in file order

	// Sensitive holds every string value that must never be printed: the
	// values of sensitive variables and of secrets. Views mask them.
	Sensitive []string

	// Dir is the folder of the configuration file; relative paths in the
	// file (image build contexts, addon templates) are relative to it.
	Dir string
	// Files maps each file name that was read to its source, for rendering
	// diagnostics with snippets.
	Files map[string][]byte
}

// Environment returns the environment with the given name, or nil.
func (c *Config) Environment(name string) *Environment {
	for _, e := range c.Environments {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// Image returns the image with the given name, or nil.
func (c *Config) Image(name string) *Image {
	for _, i := range c.Images {
		if i.Name == name {
			return i
		}
	}
	return nil
}

// Workload returns the service or job with the given name, or nil.
func (c *Config) Workload(name string) *Workload {
	for _, w := range c.Workloads {
		if w.Name == name {
			return w
		}
	}
	return nil
}

// Credentials say how to reach one account: a named profile, a role to
// assume, or (both empty) the default credential chain.
type Credentials struct {
	Profile string
	RoleARN string
}

// App is the application: its home account and region hold the SSM metadata,
// the ECR repositories and the pipelines.
type App struct {
	Name    string
	Account string // 12 digits
	Region  string
	Credentials
	Domain              *Domain // nil when the app has no domain
	PermissionsBoundary string  // policy name; empty for none
	Tags                map[string]string
	DeclRange           hcl.Range
}

// Domain is the app's DNS domain. The parent zone may live in another
// account, reached with its own credentials.
type Domain struct {
	Name    string // e.g. example.com
	ZoneID  string // parent hosted zone ID; empty to look it up by name
	Account string // account of the parent zone; defaults to the app's account
	// CopilotZones keeps each environment's hosted zone where Copilot keeps
	// it: in the environment's stack (EnvironmentHostedZone), with no zone
	// or delegation stack of its own (an adopted application).
	CopilotZones bool
	Credentials
}

// Environment is one deployment target: an account and a region.
type Environment struct {
	Name    string
	Account string
	Region  string
	Credentials
	Network            Network
	ContainerInsights  bool
	HTTP               EnvironmentHTTP
	CDN                *CDN // nil without cdn
	DeletionProtection bool
	// DeployMode is how CloudFormation deploys the environment's stacks:
	// DeployStandard (the default) or DeployExpress.
	DeployMode string
	Tags       map[string]string
	Addons     []*Addon
	Overrides  []*Override // patches to the environment's template, in order
	DeclRange  hcl.Range
}

// Deploy modes of an environment (Environment.DeployMode): CloudFormation's
// standard mode waits for each resource to stabilise; express mode
// completes each once its configuration is applied.
const (
	DeployStandard = "standard"
	DeployExpress  = "express"
)

// Network is the environment's VPC: either created from CIDRs or imported.
// Defaults: 10.0.0.0/16 over two AZs, public 10.0.0.0/24 and 10.0.1.0/24,
// private 10.0.2.0/24 and 10.0.3.0/24; subnets a file leaves out are carved
// from its CIDR in the same layout (CarveSubnets). AZs empty means "the
// first len(PublicSubnets) AZs of the region" (Fn::GetAZs).
type Network struct {
	CIDR           string
	AZs            []string
	PublicSubnets  []string
	PrivateSubnets []string
	Import         *ImportedNetwork    // non-nil replaces the fields above
	FlowLogs       *FlowLogs           // nil without flow_logs
	SecurityGroup  *SecurityGroupRules // nil without security_group
}

// ImportedNetwork is an existing VPC the environment uses.
type ImportedNetwork struct {
	VPCID            string
	PublicSubnetIDs  []string
	PrivateSubnetIDs []string
}

// EnvironmentHTTP configures the environment's load balancers.
type EnvironmentHTTP struct {
	Certificates []string // ACM certificate ARNs; non-empty adds an HTTPS listener
	SSLPolicy    string
	SourceIPs    []string    // CIDRs allowed to reach the public ALB; empty for all
	AccessLogs   *AccessLogs // nil without access_logs
	// CDNIngress admits CloudFront's managed prefix list only (with
	// SourceIPs, if any): Copilot's http.public.ingress.cdn.
	CDNIngress bool
	Private    PrivateHTTP
}

// PrivateHTTP configures the internal ALB (Copilot's http.private), which
// exists when a backend service has http.
type PrivateHTTP struct {
	// Certificates are ACM certificate ARNs; non-empty adds an HTTPS
	// listener, where backends then attach their rules.
	Certificates []string
	SSLPolicy    string
	// Subnets places the load balancer in these subnets of an imported
	// network (its private ones) instead of all its private subnets.
	Subnets []string
	// VPCIngress lets everything in the VPC reach the load balancer, not
	// only the environment's tasks (ingress { vpc = true }).
	VPCIngress bool
}

// Platform values, normalised: "linux/x86_64" in the file becomes PlatformAMD64.
const (
	PlatformAMD64 = "linux/amd64"
	PlatformARM64 = "linux/arm64"
)

// Image is an image shared by services and jobs: built from a Dockerfile and
// pushed to the app's ECR repository {app}/{name}, or an existing Location.
type Image struct {
	Name      string
	Build     *Build // nil when Location is set
	Location  string
	Platform  string // PlatformAMD64 or PlatformARM64
	DeclRange hcl.Range
}

// Build says how to build an image. Paths are relative to Config.Dir.
type Build struct {
	Context    string // default "."
	Dockerfile string // default "{Context}/Dockerfile"
	Target     string
	Args       map[string]string
	CacheFrom  []string
}

// Kind tells services from jobs.
type Kind string

const (
	KindService Kind = "service"
	KindJob     Kind = "job"
)

// ServiceType is the type of a service, or TypeScheduledJob for a job.
type ServiceType string

const (
	TypeLoadBalancedWeb ServiceType = "load-balanced-web"
	TypeBackend         ServiceType = "backend"
	TypeWorker          ServiceType = "worker"
	TypeRequestDriven   ServiceType = "request-driven-web"
	TypeScheduledJob    ServiceType = "scheduled-job"
)

// CopilotName is the type as Copilot writes it in the workload's SSM document.
func (t ServiceType) CopilotName() string {
	switch t {
	case TypeLoadBalancedWeb:
		return "Load Balanced Web Service"
	case TypeBackend:
		return "Backend Service"
	case TypeWorker:
		return "Worker Service"
	case TypeRequestDriven:
		return "Request-Driven Web Service"
	case TypeScheduledJob:
		return "Scheduled Job"
	case TypeStaticSite:
		return "Static Site"
	}
	return string(t)
}

// Workload is a service or a job, with one evaluated Deployment per
// environment it deploys to.
type Workload struct {
	Name         string
	Kind         Kind
	Type         ServiceType
	Environments []string // the environments it deploys to, in the file's environment order
	DependsOn    []string // names of other workloads
	// Deployments holds the body evaluated per environment, keyed by
	// environment name; it has one entry per name in Environments.
	Deployments map[string]*Deployment
	DeclRange   hcl.Range
}

// Deployment is a workload's body evaluated for one environment.
type Deployment struct {
	Workload string
	Env      string
	Type     ServiceType

	Image ImageRef
	// OS is one of WindowsPlatforms for a Windows task; empty for Linux.
	// A Windows task runs on x86-64 (Image.Platform PlatformAMD64).
	OS     string
	Port   int // 0 when the container listens on no port
	CPU    int // CPU units: default 256 (1024 for request-driven)
	Memory int // MiB: default 512 (2048 for request-driven)
	Count  int // default 1; ignored when Autoscaling is set
	// Spot runs every task on Fargate Spot (count = { spot = N }, Copilot's
	// count.spot); Autoscaling.SpotFrom is the scaling form.
	Spot        bool
	Autoscaling *Autoscaling
	Command     []string
	Entrypoint  []string
	Variables   map[string]string
	// Secrets maps an environment variable name to an SSM parameter name
	// (or ARN) or a Secrets Manager ARN; the value is never printed.
	Secrets map[string]string
	Exec    bool

	// The main container's own settings: its health check (nil for none),
	// docker labels, and the containers it waits for (a sidecar's name to
	// one of Conditions; Copilot's image.depends_on).
	Healthcheck        *ContainerHealthcheck
	Labels             map[string]string
	ContainerDependsOn map[string]string
	EnvFile            *EnvFile   // nil for none
	Sidecars           []*Sidecar // in file order
	Storage            *Storage   // nil when the workload has no storage block

	HTTP      *ServiceHTTP // nil when the service has no http block
	Network   WorkloadNetwork
	Publish   []Topic
	Subscribe *Subscribe
	Strategy  DeploymentStrategy
	Logging   Logging
	Addons    []*Addon
	Overrides []*Override // patches to the compiled template, in order

	// HTTPDisabled is http = false: a load-balanced web service served by
	// its network load balancer only (HTTP is then nil).
	HTTPDisabled bool
	NLB          *NLB // nil without an nlb block (routing.go)

	// Site is a static site's files and alias; nil for every other type.
	Site *StaticSite

	// Scheduled jobs only.
	Schedule Schedule
	Timeout  time.Duration // 0 for none
	Retries  int
}

// EnvFile is the main container's file of environment variables (ECS's
// environmentFiles, Copilot's env_file): a file of the configuration's
// folder, which apply uploads to the app's artifact bucket under a key
// named after its content, or an S3 object's ARN used as it is.
type EnvFile struct {
	Path    string // as written, relative to Config.Dir; empty when ARN is set
	Content string // the file's text, when Path is set
	ARN     string // arn:PARTITION:s3:::BUCKET/KEY; empty when Path is set
}

// ImageRef is the image a deployment runs: an image block or a URI.
type ImageRef struct {
	Name     string // name of an image block; empty when URI is set
	URI      string
	Platform string // the platform of the image block, or PlatformAMD64 for a URI
}

// Autoscaling configures target tracking. Zero values mean "no policy".
type Autoscaling struct {
	Min, Max         int
	CPUPercentage    float64
	MemoryPercentage float64
	Requests         int           // requests per target
	ResponseTime     time.Duration // target response time
	QueueDelay       time.Duration // acceptable backlog per task (workers)
	// MessageProcessingTime is how long a worker's task takes to process
	// one message, on average (Copilot's queue_delay.msg_processing_time).
	// With QueueDelay it gives the acceptable backlog per task:
	// QueueDelay / MessageProcessingTime, rounded up. Zero means the
	// compiler's default (250ms, the example of Copilot's documentation).
	MessageProcessingTime time.Duration
	// ScaleInCooldown and ScaleOutCooldown are every policy's cooldowns;
	// package lang sets Copilot's defaults, 120s and 60s.
	ScaleInCooldown  time.Duration
	ScaleOutCooldown time.Duration
	// SpotFrom, when not 0, runs the tasks from this one on (counting
	// from 1) on Fargate Spot and those before it on Fargate (Copilot's
	// count.range.spot_from).
	SpotFrom int
}

// ServiceHTTP is the routing of a load-balanced (or internal) service.
type ServiceHTTP struct {
	Path  string   // default "/"
	Alias []string // host names
	// AliasZones maps the aliases that have a hosted zone (alias objects'
	// hosted_zone, or the rule's) to that zone's ID: their records go
	// there instead of the environment's zone.
	AliasZones map[string]string
	// AliasAccounts maps the aliases whose hosted zone names an account
	// (hosted_zone = { id, account }) to that account: when it is not the
	// environment's, their records go in a stack of that account
	// (alias/{env}/{svc}).
	AliasAccounts       map[string]string
	Healthcheck         Healthcheck
	DeregistrationDelay time.Duration // default 60s
	Stickiness          bool
	AllowedSourceIPs    []string
	// TargetContainer is the container the target group sends traffic to:
	// empty for the main container, else a sidecar's name. TargetPort is
	// the port on it: 0 for the container's port.
	TargetContainer string
	TargetPort      int
	// Version is the target group's protocol version: "" (HTTP/1.1),
	// "HTTP1", "HTTP2" or "GRPC" (routing.go).
	Version string
	// ForwardHTTP serves the rules on the HTTP listener too when the
	// environment has HTTPS (redirect_to_https = false); by default that
	// listener redirects to HTTPS. Main rule only.
	ForwardHTTP bool
	// ALB is an existing application load balancer the rules go on
	// instead of the environment's (http.alb, Copilot's): its ARN or name.
	// Main rule only.
	ALB string
	// Rules are the additional routing rules (rule blocks; Copilot's
	// http.additional_rules), each with its own target group. Their own
	// Rules are empty. Main rule only.
	Rules []*ServiceHTTP
}

// Healthcheck is the target group's health check. Defaults as Copilot's:
// path "/", port the traffic port (0), success codes "200", healthy 2,
// unhealthy 2, interval 10s, timeout 5s, grace period 60s.
type Healthcheck struct {
	Path               string
	Port               int
	SuccessCodes       string
	HealthyThreshold   int
	UnhealthyThreshold int
	Interval           time.Duration
	Timeout            time.Duration
	GracePeriod        time.Duration
}

// Placement values.
const (
	PlacementPublic  = "public"
	PlacementPrivate = "private"
)

// WorkloadNetwork places the tasks.
type WorkloadNetwork struct {
	Placement      string // PlacementPublic (default) or PlacementPrivate
	SecurityGroups []string
	// Connect turns on ECS Service Connect in the environment's namespace
	// (network.connect); nil leaves it off. Services only.
	Connect *ServiceConnect
}

// ServiceConnect is a service's Service Connect setting. A service with a
// port serves it (as Alias, default the service's name) and calls the
// others; one without a port only calls them.
type ServiceConnect struct {
	Alias string
}

// Topic is an SNS topic a service publishes.
type Topic struct {
	Name string
	FIFO bool
	// ContentBasedDeduplication (FIFO topics) deduplicates by a hash of
	// the message body.
	ContentBasedDeduplication bool
}

// Subscribe is a worker's queue and the topics it listens to.
type Subscribe struct {
	Topics []TopicSubscription
	Queue  Queue
}

// TopicSubscription subscribes the worker's queue to another service's topic.
type TopicSubscription struct {
	Name         string // topic name
	Service      string // publishing service
	FilterPolicy string // JSON; empty for none
	// Queue, when set, is a queue of the topic's own instead of the
	// worker's queue (Copilot's topic queue).
	Queue *Queue
}

// Queue is a worker's SQS queue. Defaults: retention 4 days, visibility
// timeout 30s, no dead-letter queue (DeadLetterTries 0).
type Queue struct {
	Retention       time.Duration
	Timeout         time.Duration
	DeadLetterTries int
	Delay           time.Duration // delivery delay, 0 to 15m; 0 for none
	// FIFO, when set, makes the queue FIFO with these settings; nil lets
	// the kind of the topics delivered to it decide (see stacks).
	FIFO *FIFOQueue
}

// Strategy values.
const (
	StrategyRolling   = "rolling"
	StrategyRecreate  = "recreate"
	StrategyBlueGreen = "blue-green"
)

// DeploymentStrategy is how ECS replaces tasks.
type DeploymentStrategy struct {
	Strategy       string // default StrategyRolling
	RollbackAlarms []string

	// Rollback thresholds: alarms the stack creates (the object form of
	// rollback_alarms); zero for none. BlueGreen is the blue-green
	// settings (bluegreen.go).
	Rollback  RollbackThresholds
	BlueGreen BlueGreen
}

// Logging configures the workload's log group, and FireLens when any
// setting other than Retention is given (as Copilot decides).
type Logging struct {
	Retention int       // days, default 30
	FireLens  *FireLens // nil: every container logs to the log group (awslogs)
}

// FireLens routing, Copilot's: a Fluent Bit container named
// FireLensContainerName beside the main container, which logs through it
// (the awsfirelens driver); the router itself and the sidecars log to the
// log group.
const (
	FireLensContainerName = "firelens_log_router"
	DefaultFluentBitImage = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
)

// FireLens is the log router of a workload.
type FireLens struct {
	Image string // default DefaultFluentBitImage
	// Destination is the options of the main container's awsfirelens log
	// driver (Name, region, delivery_stream, ...); SecretOptions are
	// options read from secrets, as Deployment.Secrets.
	Destination    map[string]string
	SecretOptions  map[string]string
	EnableMetadata bool   // enable-ecs-log-metadata; default true
	ConfigFile     string // a Fluent Bit configuration file inside the router's image; empty for none
	// The router container's own variables and secrets.
	Variables map[string]string
	Secrets   map[string]string
	EnvFile   *EnvFile // the router's, as Deployment.EnvFile; nil for none
}

// Schedule is a job's schedule, already converted to the AWS form.
type Schedule struct {
	Source     string // as written in the file
	Expression string // "cron(0 0 * * ? *)" or "rate(90 minutes)"; empty for "none"
}

// Addon is an extra CloudFormation template deployed beside a workload or
// an environment as a nested stack.
type Addon struct {
	Name       string
	Template   string // the template's text
	Parameters map[string]string
	// Nested puts the addon in the workload's nested stack AddonsStack, as
	// Copilot deploys addons, rather than merging it into the workload's
	// template.
	Nested    bool
	DeclRange hcl.Range
}

// Pipeline is a release pipeline in the app's account and region.
type Pipeline struct {
	Name      string
	Source    Source
	Build     PipelineBuild
	Stages    []Stage // in file order
	DeclRange hcl.Range
}

// Source is the pipeline's repository.
type Source struct {
	Provider      string // "GitHub", "Bitbucket" or "CodeCommit"
	Repository    string
	Branch        string // default "main"
	ConnectionARN string // an existing CodeStar connection; empty to create one
}

// PipelineBuild is the CodeBuild project. Image empty means "follow the
// platform of the images built": an ARM image for arm64, x86 otherwise.
type PipelineBuild struct {
	Image       string
	ComputeType string
	Buildspec   string // path relative to Config.Dir; empty for the generated one
}

// Stage deploys to one environment.
type Stage struct {
	Env              string
	RequiresApproval bool
	TestCommands     []string
	DependsOn        []string // workloads deployed before the rest
}
