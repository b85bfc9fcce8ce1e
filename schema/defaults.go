package schema

import "time"

// Defaults, as Copilot's manifests have them. Package lang fills them in; the
// compiler may rely on every field of a Config being set.
const (
	DefaultCPU                   = 256
	DefaultMemory                = 512
	DefaultRequestDrivenCPU      = 1024
	DefaultRequestDrivenMemory   = 2048
	DefaultCount                 = 1
	DefaultPlacement             = PlacementPublic
	DefaultStrategy              = StrategyRolling
	DefaultPlatform              = PlatformAMD64
	DefaultHTTPPath              = "/"
	DefaultHealthcheckPath       = "/"
	DefaultSuccessCodes          = "200"
	DefaultHealthyThreshold      = 2
	DefaultUnhealthyThreshold    = 2
	DefaultHealthcheckInterval   = 10 * time.Second
	DefaultHealthcheckTimeout    = 5 * time.Second
	DefaultGracePeriod           = 60 * time.Second
	DefaultDeregistrationDelay   = 60 * time.Second
	DefaultLogRetention          = 30
	DefaultQueueRetention        = 4 * 24 * time.Hour
	DefaultQueueTimeout          = 30 * time.Second
	DefaultVPCCIDR               = "10.0.0.0/16"
	DefaultSourceBranch          = "main"
	DefaultBuildContext          = "."
	DefaultBuildDockerfileSuffix = "Dockerfile"

	DefaultContainerHealthcheckInterval    = 10 * time.Second
	DefaultContainerHealthcheckRetries     = 2
	DefaultContainerHealthcheckTimeout     = 5 * time.Second
	DefaultContainerHealthcheckStartPeriod = 0
	DefaultScaleInCooldown                 = 120 * time.Second
	DefaultScaleOutCooldown                = 60 * time.Second
)

// DefaultPublicSubnets and DefaultPrivateSubnets are the subnets of the
// default VPC, one of each per AZ over two AZs.
var (
	DefaultPublicSubnets  = []string{"10.0.0.0/24", "10.0.1.0/24"}
	DefaultPrivateSubnets = []string{"10.0.2.0/24", "10.0.3.0/24"}
)

// DefaultHealthcheck returns the health check settings Copilot uses when a
// manifest sets none.
func DefaultHealthcheck() Healthcheck {
	return Healthcheck{
		Path:               DefaultHealthcheckPath,
		SuccessCodes:       DefaultSuccessCodes,
		HealthyThreshold:   DefaultHealthyThreshold,
		UnhealthyThreshold: DefaultUnhealthyThreshold,
		Interval:           DefaultHealthcheckInterval,
		Timeout:            DefaultHealthcheckTimeout,
		GracePeriod:        DefaultGracePeriod,
	}
}

// DefaultContainerHealthcheckCommand is the command of a container health
// check that sets none, as Copilot's: an HTTP request to the container.
var DefaultContainerHealthcheckCommand = []string{"CMD-SHELL", "curl -f http://localhost/ || exit 1"}

// DefaultContainerHealthcheck returns a container health check with
// Copilot's defaults.
func DefaultContainerHealthcheck() *ContainerHealthcheck {
	return &ContainerHealthcheck{
		Command:     append([]string(nil), DefaultContainerHealthcheckCommand...),
		Interval:    DefaultContainerHealthcheckInterval,
		Retries:     DefaultContainerHealthcheckRetries,
		Timeout:     DefaultContainerHealthcheckTimeout,
		StartPeriod: DefaultContainerHealthcheckStartPeriod,
	}
}

// DefaultHTTP returns the routing of a load-balanced service without an
// http block.
func DefaultHTTP() *ServiceHTTP {
	return &ServiceHTTP{
		Path:                DefaultHTTPPath,
		Healthcheck:         DefaultHealthcheck(),
		DeregistrationDelay: DefaultDeregistrationDelay,
	}
}

// DefaultQueue returns a worker's queue settings.
func DefaultQueue() Queue {
	return Queue{Retention: DefaultQueueRetention, Timeout: DefaultQueueTimeout}
}

// DefaultNetwork returns the network of an environment without a network
// block.
func DefaultNetwork() Network {
	return Network{
		CIDR:           DefaultVPCCIDR,
		PublicSubnets:  append([]string(nil), DefaultPublicSubnets...),
		PrivateSubnets: append([]string(nil), DefaultPrivateSubnets...),
	}
}

// NormalizePlatform maps the spellings a file may use to the platform
// constants: "linux/x86_64" is "linux/amd64", as in Copilot. ok is false for
// a platform flightplan does not support.
func NormalizePlatform(p string) (platform string, ok bool) {
	switch p {
	case "", PlatformAMD64, "linux/x86_64":
		return PlatformAMD64, true
	case PlatformARM64:
		return PlatformARM64, true
	}
	return p, false
}
