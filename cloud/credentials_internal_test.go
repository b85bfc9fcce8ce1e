package cloud

import (
	"context"
	"errors"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// sendError wraps cause as the SDK wraps a call that did not reach STS.
func sendError(cause error) error {
	return &smithy.OperationError{ServiceID: "STS", OperationName: "GetCallerIdentity", Err: &smithyhttp.RequestSendError{
		Err: &url.Error{Op: "Post", URL: "https://sts.us-east-1.amazonaws.com/", Err: cause}}}
}

// The causes a test cannot produce on loopback without waiting (DNS, time
// outs) read as a person would say them; connection refused is tested
// against a closed port in TestSTSUnreachable.
func TestUnreachableReasons(t *testing.T) {
	for name, tc := range map[string]struct {
		cause error
		want  string
	}{
		"no such host": {&net.DNSError{Err: "no such host", Name: "sts.example", IsNotFound: true}, "(DNS: no such host sts.example)"},
		"DNS failure":  {&net.DNSError{Err: "server misbehaving", Name: "sts.example"}, "(DNS lookup of sts.example failed: server misbehaving)"},
		"refused":      {&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "(connection refused)"},
		"deadline":     {context.DeadlineExceeded, "(timed out)"},
		"dial timeout": {&net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, "(timed out)"},
		"other":        {errors.New("tls: handshake failure"), "(tls: handshake failure)"},
	} {
		t.Run(name, func(t *testing.T) {
			err := explainCallError(Target{Account: "111111111111", Region: "us-east-1"}, sendError(tc.cause))
			var unreachable *UnreachableError
			if !errors.As(err, &unreachable) {
				t.Fatalf("explainCallError = %v, want an UnreachableError", err)
			}
			if want := "cannot reach STS at https://sts.us-east-1.amazonaws.com " + tc.want; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		})
	}
}

func TestRefusalAdvice(t *testing.T) {
	for code, want := range map[string]string{
		"ExpiredToken":          "the session credentials have expired; renew them (aws sso login, or whatever issued them) and run again",
		"InvalidClientTokenId":  "AWS does not know this access key",
		"SignatureDoesNotMatch": "the secret access key does not belong to the access key",
		"AccessDenied":          "its trust policy must allow them",
	} {
		t.Run(code, func(t *testing.T) {
			err := &RefusedError{Target: Target{Account: "111111111111", Region: "us-east-1", Profile: "p"}, Service: "STS",
				Operation: "GetCallerIdentity", Endpoint: "https://sts.us-east-1.amazonaws.com", Code: code, Message: "m"}
			prefix := "STS at https://sts.us-east-1.amazonaws.com refused GetCallerIdentity for profile p (account 111111111111 in us-east-1): m (" + code + "): "
			if got := err.Error(); !strings.HasPrefix(got, prefix) || !strings.Contains(got, want) {
				t.Errorf("error %q\nwant %q followed by %q", got, prefix, want)
			}
		})
	}
}

// A cancelled run (an interrupt) stays a cancellation, not a network fault.
func TestCancelledCallIsNotUnreachable(t *testing.T) {
	if err := explainCallError(Target{}, sendError(context.Canceled)); err != nil {
		t.Fatalf("explainCallError = %v, want nil for a cancelled call", err)
	}
}
