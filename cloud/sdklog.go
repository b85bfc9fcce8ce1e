package cloud

import (
	"fmt"
	"io"
	"regexp"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go/logging"
)

// sdkLogger is the SDK's logger: a discarding one unless DebugLog is set.
func (p *Provider) sdkLogger() logging.Logger {
	if p.opts.DebugLog == nil {
		return logging.Nop{}
	}
	return &debugLogger{w: p.opts.DebugLog}
}

// sdkLogMode is what the SDK logs: nothing unless DebugLog is set, then
// retries and each request and response without their bodies (which carry
// parameter values and, from STS and SSO, credentials).
func (p *Provider) sdkLogMode() aws.ClientLogMode {
	if p.opts.DebugLog == nil {
		return 0
	}
	return aws.LogRetries | aws.LogRequest | aws.LogResponse
}

// debugLogger writes the SDK's log lines as the SDK's standard logger does
// ("SDK time LEVEL message"), with the secrets of request headers masked:
// the signature and access key in Authorization, the session token and
// the SSO bearer token. It is safe for concurrent use.
type debugLogger struct {
	mu sync.Mutex
	w  io.Writer
}

// secretHeader matches a request header line whose value is a secret.
var secretHeader = regexp.MustCompile(`(?im)^(authorization|x-amz-security-token|x-amz-sso_bearer_token):.*$`)

func (l *debugLogger) Logf(classification logging.Classification, format string, v ...any) {
	msg := secretHeader.ReplaceAllString(fmt.Sprintf(format, v...), "$1: [masked]")
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = fmt.Fprintf(l.w, "SDK %s %s %s\n", time.Now().Format("2006/01/02 15:04:05"), classification, msg)
}
