package cloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// Target is where a node lives and how to reach it.
type Target struct {
	Account string
	Region  string
	Profile string
	RoleARN string
}

func (t Target) String() string { return t.Account + "/" + t.Region }

// Clients are the SDK clients for one target.
type Clients struct {
	Target Target
	// Credentials are the resolved credentials provider of the target.
	Credentials aws.CredentialsProvider
	CFN         *cloudformation.Client
	SSM         *ssm.Client
	STS         *sts.Client
	// S3 addresses buckets path-style in simulator mode, where one
	// loopback host serves every bucket; virtual-hosted against AWS.
	S3 *s3.Client
	// ECR reads the app's repositories and signs in to push images.
	ECR *ecr.Client
	// ECS reads services and tasks for status.
	ECS *ecs.Client
	// Logs reads the containers' log events.
	Logs *cloudwatchlogs.Client
	// SFN starts and reads jobs' executions.
	SFN *sfn.Client
	// CloudWatch reads the services' alarms for status.
	CloudWatch *cloudwatch.Client
	// ELB reads the load balancers services import (http.alb).
	ELB *elasticloadbalancingv2.Client
	// CloudFront invalidates the caches of static sites.
	CloudFront *cloudfront.Client
	// EC2 finds the managed prefix lists that stacks look up.
	EC2 *ec2.Client
	// AppRunner associates request-driven services' custom domains.
	AppRunner *apprunner.Client
	// Route53 writes a custom domain's records in the domain's zone.
	Route53 *route53.Client

	sources []any // the SDK's configuration sources: the profile, for errors
}

// Options configure a Provider.
type Options struct {
	// SimEndpoint, when set, points every client at the simulator and gives
	// each account its SIM key; profiles and roles are not used.
	SimEndpoint string
	// MaxAttempts per call (default 10): throttling and transient errors are
	// retried with the SDK's jittered exponential backoff.
	MaxAttempts int
	// MaxBackoff between attempts (default 20s), on the operations' clock.
	MaxBackoff time.Duration
	// TimeScale is how many times faster than real time the operations'
	// clock runs: the simulator's speed (flightplan's --sim runs stack
	// operations 300 times faster than AWS). Retry backoff runs on that
	// clock, so that throttling costs an apply on the simulator what it
	// would cost against AWS, in proportion. 0 or 1: real time (AWS).
	TimeScale float64
	// SimKeyFor, in simulator mode, chooses the access key of an account;
	// nil means SimKey. It is a test hook: mapping an account to another
	// account's key simulates credentials that reach the wrong account, so
	// the account guard can be tested.
	SimKeyFor func(account string) string
	// Terminal, when set, is where a profile with mfa_serial asks for its
	// one-time code. Nil means no one can answer: such a profile is refused
	// with an *MFARequiredError before any AWS call.
	Terminal *Terminal
	// DebugLog, when set, receives the SDK's log for support cases: each
	// request and response (headers only, credentials masked) and each
	// retry. Nil discards the SDK's log, its warnings included, so that none
	// of it is mixed into flightplan's output.
	DebugLog io.Writer
}

// Provider builds and caches clients per target, and checks each target's
// account once. It is safe for concurrent use.
type Provider struct {
	opts    Options
	mu      sync.Mutex
	clients map[Target]*Clients
	guarded map[Target]error
	// creds are the credentials of each profile ("" for the default
	// chain), shared by the targets that use it; guarded by mu.
	creds map[string]aws.CredentialsProvider
	// promptMu lets one MFA prompt at a time on the terminal.
	promptMu sync.Mutex
}

// NewProvider returns a provider with the given options.
func NewProvider(opts Options) *Provider {
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 20 * time.Second
	}
	return &Provider{opts: opts, clients: map[Target]*Clients{}, guarded: map[Target]error{}, creds: map[string]aws.CredentialsProvider{}}
}

// Sim reports whether the provider talks to the simulator.
func (p *Provider) Sim() bool { return p.opts.SimEndpoint != "" }

// For returns the clients of a target, building them on first use.
func (p *Provider) For(ctx context.Context, t Target) (*Clients, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[t]; ok {
		return c, nil
	}
	cfg, err := p.config(ctx, t)
	var notFound *ProfileNotFoundError
	if errors.As(err, &notFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("credentials for account %s in %s: %w", t.Account, t.Region, err)
	}
	c := &Clients{Target: t, sources: cfg.ConfigSources, Credentials: cfg.Credentials, CFN: cloudformation.NewFromConfig(cfg), SSM: ssm.NewFromConfig(cfg), STS: sts.NewFromConfig(cfg),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = p.Sim() }), ECR: ecr.NewFromConfig(cfg), ECS: ecs.NewFromConfig(cfg), Logs: cloudwatchlogs.NewFromConfig(cfg), SFN: sfn.NewFromConfig(cfg), CloudWatch: cloudwatch.NewFromConfig(cfg),
		ELB: elasticloadbalancingv2.NewFromConfig(cfg), CloudFront: cloudfront.NewFromConfig(cfg), EC2: ec2.NewFromConfig(cfg),
		AppRunner: apprunner.NewFromConfig(cfg), Route53: route53.NewFromConfig(cfg)}
	p.clients[t] = c
	return c, nil
}

func (p *Provider) config(ctx context.Context, t Target) (aws.Config, error) {
	retryer := func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = p.opts.MaxAttempts
			o.MaxBackoff = p.opts.MaxBackoff
			o.Backoff = scaledBackoff{retry.NewExponentialJitterBackoff(p.opts.MaxBackoff), p.opts.TimeScale}
			o.RateLimiter = ratelimit.None // throttling is expected under load; never give up on a quota
		})
	}
	if p.Sim() {
		return aws.Config{
			Region:        t.Region,
			Credentials:   credentials.NewStaticCredentialsProvider(p.simKey(t.Account), "sim", ""),
			BaseEndpoint:  aws.String(p.opts.SimEndpoint),
			Retryer:       retryer,
			Logger:        p.sdkLogger(),
			ClientLogMode: p.sdkLogMode(),
		}, nil
	}
	cfg, err := p.loadConfig(ctx, t, retryer)
	if err != nil {
		return aws.Config{}, err
	}
	if t.RoleARN != "" {
		cfg.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(cfg), t.RoleARN,
			func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "flightplan" }))
	}
	return cfg, nil
}

func (p *Provider) simKey(account string) string {
	if p.opts.SimKeyFor != nil {
		return p.opts.SimKeyFor(account)
	}
	return SimKey(account)
}

// SimKey is the simulator access key of an account.
func SimKey(account string) string { return "SIM" + account }

// WrongAccountError says a credential reaches another account than the file
// declares for the node.
type WrongAccountError struct {
	Target Target
	Actual string
}

func (e *WrongAccountError) Error() string {
	return fmt.Sprintf("the file declares account %s, but %s belong to account %s: set profile or role_arn for %s, or correct the account",
		e.Target.Account, credentialName(e.Target), e.Actual, e.Target.Account)
}

// NoCredentialsError says no credentials could be found for a target.
type NoCredentialsError struct {
	Target Target
	Err    error
}

func (e *NoCredentialsError) Error() string {
	return fmt.Sprintf("no AWS credentials for account %s in %s: give its block a profile or role_arn, or set AWS_PROFILE "+
		"(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY); to try flightplan without AWS, add --sim DIR. The AWS SDK said: %v",
		e.Target.Account, e.Target.Region, e.Err)
}

func (e *NoCredentialsError) Unwrap() error { return e.Err }

// Guard checks, once per target, that its credentials belong to the declared
// account (STS GetCallerIdentity). It returns a *WrongAccountError when not.
func (p *Provider) Guard(ctx context.Context, t Target) error {
	p.mu.Lock()
	err, done := p.guarded[t]
	p.mu.Unlock()
	if done {
		return err
	}
	err = p.guard(ctx, t)
	p.mu.Lock()
	p.guarded[t] = err
	p.mu.Unlock()
	return err
}

func (p *Provider) guard(ctx context.Context, t Target) error {
	c, err := p.For(ctx, t)
	if err != nil {
		return err
	}
	if c.Credentials == nil {
		return &NoCredentialsError{Target: t, Err: errors.New("no credential source found")}
	}
	if _, err := c.Credentials.Retrieve(ctx); err != nil {
		return explainRetrieveError(t, c.sources, err)
	}
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if explained := explainCallError(t, err); explained != nil {
		return explained
	}
	if err != nil {
		return fmt.Errorf("checking the account of %s: %w", t, Unwrap(err))
	}
	if got := aws.ToString(out.Account); got != t.Account {
		return &WrongAccountError{Target: t, Actual: got}
	}
	return nil
}

// Unwrap returns the AWS service's own error (code and message) instead of
// the SDK's operation envelope, when there is one.
func Unwrap(err error) error {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return &ServiceError{Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage(), Err: err}
	}
	return err
}

// ServiceError is an AWS error reduced to what the user needs: its code and
// the service's message.
type ServiceError struct {
	Code    string
	Message string
	Err     error
}

func (e *ServiceError) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Message + " (" + e.Code + ")"
}

func (e *ServiceError) Unwrap() error { return e.Err }

// IsCode reports whether err is an AWS error with the given code.
func IsCode(err error, code string) bool {
	var apiErr smithy.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode() == code
}

// scaledBackoff is the SDK's jittered exponential backoff on the
// operations' clock: each delay divided by the time scale.
//
// The SDK's adaptive retry mode is not used: its client-side rate limiter
// slows every call after a throttled one, in real time, which helps
// against a steady request quota but costs an apply whose throttling is
// spread over its calls (as the simulator's is); flightplan's call budgets
// (Budgets) already pace calls per account and region.
type scaledBackoff struct {
	base  retry.BackoffDelayer
	scale float64
}

// BackoffDelay returns the delay before the given attempt.
func (b scaledBackoff) BackoffDelay(attempt int, err error) (time.Duration, error) {
	d, err := b.base.BackoffDelay(attempt, err)
	if err != nil || b.scale <= 1 {
		return d, err
	}
	return time.Duration(float64(d) / b.scale), nil
}
