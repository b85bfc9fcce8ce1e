package cloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ProfileNotFoundError says a profile is in none of the shared files.
type ProfileNotFoundError struct {
	Target Target
	// Profile is the missing profile; Requested the one asked for, which
	// differs when Profile is its source_profile.
	Profile, Requested string
	// FromEnv says Requested came from AWS_PROFILE, not from a block.
	FromEnv bool
	// Files are the shared config and credentials files searched.
	Files []string
}

func (e *ProfileNotFoundError) Error() string {
	name := fmt.Sprintf("profile %q", e.Profile)
	switch {
	case e.Profile != e.Requested:
		name += fmt.Sprintf(", the source_profile of %q,", e.Requested)
	case e.FromEnv:
		name += " (set by AWS_PROFILE)"
	}
	fix := "correct the profile of the block"
	if e.FromEnv {
		fix = "correct AWS_PROFILE"
	}
	return fmt.Sprintf("%s is in neither %s, for account %s in %s: create it (aws configure --profile %s, or aws configure sso --profile %s), "+
		"point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that have it, or %s",
		name, strings.Join(e.Files, " nor "), e.Target.Account, e.Target.Region, e.Profile, e.Profile, fix)
}

// SSOLoginError says an IAM Identity Center (SSO) profile has no valid
// session: its cached token is missing, expired or revoked.
type SSOLoginError struct {
	Target Target
	// Profile is the profile with the SSO settings (the requested one or
	// its source_profile): the one to sign in with.
	Profile string
	Err     error
}

func (e *SSOLoginError) Error() string {
	return fmt.Sprintf("profile %q signs in with AWS IAM Identity Center (SSO) and has no valid session (missing or expired), "+
		"for account %s in %s: run aws sso login --profile %s, then run flightplan again", e.Profile, e.Target.Account, e.Target.Region, e.Profile)
}

func (e *SSOLoginError) Unwrap() error { return e.Err }

// MFARequiredError says a profile assumes its role with MFA and there is no
// terminal to ask for the code.
type MFARequiredError struct {
	Target       Target
	Profile      string
	SerialNumber string // the profile's mfa_serial
}

func (e *MFARequiredError) Error() string {
	return fmt.Sprintf("profile %q assumes its role with MFA (mfa_serial %s) and standard input is not a terminal to ask for the code: "+
		"run flightplan in a terminal, or export the role's session credentials first "+
		`(eval "$(aws configure export-credentials --profile %s --format env)") and run without the profile`,
		e.Profile, e.SerialNumber, e.Profile)
}

// UnreachableError says an AWS endpoint could not be reached: the
// connection was refused, its name does not resolve, or it timed out.
type UnreachableError struct {
	Target   Target
	Service  string // the SDK's service ID: STS, SSO, …
	Endpoint string // scheme://host[:port]
	Reason   string // connection refused, DNS: …, timed out, or the network's own error
	Err      error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("cannot reach %s at %s (%s), for account %s in %s: check the network, a proxy (HTTPS_PROXY) or AWS_ENDPOINT_URL, and try again",
		e.Service, e.Endpoint, e.Reason, e.Target.Account, e.Target.Region)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// RefusedError says an AWS endpoint answered and refused the credentials
// (InvalidClientTokenId, ExpiredToken, AccessDenied, …).
type RefusedError struct {
	Target    Target
	Service   string // the SDK's service ID: STS, SSO, …
	Operation string // GetCallerIdentity, AssumeRole, …
	Endpoint  string // scheme://host[:port]
	Code      string
	Message   string
	Err       error
}

func (e *RefusedError) Error() string {
	msg := fmt.Sprintf("%s at %s refused %s for %s (account %s in %s): %s",
		e.Service, e.Endpoint, e.Operation, credentialName(e.Target), e.Target.Account, e.Target.Region, (&ServiceError{Code: e.Code, Message: e.Message}).Error())
	if advice := refusalAdvice[e.Code]; advice != "" {
		msg += ": " + advice
	}
	return msg
}

func (e *RefusedError) Unwrap() error { return e.Err }

// refusalAdvice says what to do about the refusals credentials meet most.
var refusalAdvice = map[string]string{
	"InvalidClientTokenId":        "AWS does not know this access key (deleted or mistyped, or the session token belongs to other keys); renew the credentials",
	"UnrecognizedClientException": "AWS does not know this access key (deleted or mistyped, or the session token belongs to other keys); renew the credentials",
	"ExpiredToken":                "the session credentials have expired; renew them (aws sso login, or whatever issued them) and run again",
	"ExpiredTokenException":       "the session credentials have expired; renew them (aws sso login, or whatever issued them) and run again",
	"SignatureDoesNotMatch":       "the secret access key does not belong to the access key, or this machine's clock is wrong",
	"AccessDenied":                "these credentials may not do this; to assume a role, its trust policy must allow them (and an MFA code must be current)",
}

// credentialName says which credentials a target uses.
func credentialName(t Target) string {
	switch {
	case t.RoleARN != "":
		return "role " + t.RoleARN
	case t.Profile != "":
		return "profile " + t.Profile
	}
	return "the default credentials"
}

// explainRetrieveError turns a failure to resolve credentials into the
// error that says what to do. sources are the configuration's
// ConfigSources, which name the profile and its SSO settings.
func explainRetrieveError(t Target, sources []any, err error) error {
	var mfa *MFARequiredError
	if errors.As(err, &mfa) {
		return mfa
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	if profile := ssoProfile(sources); profile != "" && needsSSOLogin(err) {
		return &SSOLoginError{Target: t, Profile: profile, Err: err}
	}
	var op *smithy.OperationError
	if errors.As(err, &op) && op.ServiceID == "ec2imds" {
		return &NoCredentialsError{Target: t, Err: err} // not on EC2: no credentials anywhere
	}
	if explained := explainCallError(t, err); explained != nil {
		return explained
	}
	return &NoCredentialsError{Target: t, Err: err}
}

// explainCallError returns an *UnreachableError or a *RefusedError for a
// failed AWS call, or nil when err is neither.
func explainCallError(t Target, err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	service, operation := "AWS", ""
	var op *smithy.OperationError
	if errors.As(err, &op) {
		service, operation = op.ServiceID, op.OperationName
	}
	var apiErr smithy.APIError
	switch {
	case isTransportError(err):
		return &UnreachableError{Target: t, Service: service, Endpoint: endpointOf(err), Reason: unreachableReason(err), Err: err}
	case errors.As(err, &apiErr):
		return &RefusedError{Target: t, Service: service, Operation: operation, Endpoint: endpointOf(err),
			Code: apiErr.ErrorCode(), Message: apiErr.ErrorMessage(), Err: err}
	}
	return nil
}

// ssoProfile names the profile with SSO settings in the chain of the
// loaded profile (itself or a source_profile), or "".
func ssoProfile(sources []any) string {
	for _, source := range sources {
		var shared *config.SharedConfig
		switch s := source.(type) {
		case config.SharedConfig:
			shared = &s
		case *config.SharedConfig:
			shared = s
		}
		for c := shared; c != nil; c = c.Source {
			if c.SSOSession != nil || c.SSOStartURL != "" {
				return c.Profile
			}
		}
	}
	return ""
}

// needsSSOLogin reports whether an SSO profile's failure is its session's:
// the cached token is missing or expired (errors of the SDK's own, not a
// service's), or the portal says the token is not valid any more.
func needsSSOLogin(err error) bool {
	var invalid *ssocreds.InvalidTokenError
	if errors.As(err, &invalid) {
		return true
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		switch apiErr.ErrorCode() {
		case "UnauthorizedException", "InvalidGrantException", "ExpiredTokenException":
			return true
		}
		return false
	}
	return !isTransportError(err)
}

func isTransportError(err error) bool {
	var sendErr *smithyhttp.RequestSendError
	var urlErr *url.Error
	return errors.As(err, &sendErr) || errors.As(err, &urlErr)
}

// endpointOf is the scheme and host a failed call was sent to, or "".
func endpointOf(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if u, perr := url.Parse(urlErr.URL); perr == nil {
			return u.Scheme + "://" + u.Host
		}
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.Response != nil && respErr.Response.Request != nil {
		u := respErr.Response.Request.URL
		return u.Scheme + "://" + u.Host
	}
	return ""
}

// unreachableReason says why a connection failed, in a person's words.
func unreachableReason(err error) string {
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "DNS: no such host " + dnsErr.Name
		}
		return "DNS lookup of " + dnsErr.Name + " failed: " + dnsErr.Err
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timed out"
	}
	for next := errors.Unwrap(err); next != nil; next = errors.Unwrap(next) {
		err = next // the network's own words, without the SDK's envelopes
	}
	return err.Error()
}
