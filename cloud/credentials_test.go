package cloud_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ssocreds"

	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
)

// awsHome gives the test a home folder of its own holding ~/.aws/config
// and ~/.aws/credentials (when not empty), and clears the AWS environment
// that would choose credentials or endpoints otherwise. It returns the home.
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name the two files: the
// SDK takes its default paths from the home of the process's start.
func awsHome(t *testing.T, config, credentials string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
		"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_REGION", "AWS_DEFAULT_REGION",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE",
		"AWS_EC2_METADATA_SERVICE_ENDPOINT"} {
		t.Setenv(k, "")
	}
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(home, ".aws", "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, ".aws", "credentials"))
	writeFile(t, filepath.Join(home, ".aws", "config"), config)
	writeFile(t, filepath.Join(home, ".aws", "credentials"), credentials)
	return home
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if content == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func wantMessage(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range wants {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\ndoes not say %q", err, want)
		}
	}
}

const baseCredentials = `[base]
aws_access_key_id = SIM111111111111
aws_secret_access_key = secret
`

func TestProfileNotFound(t *testing.T) {
	for name, tc := range map[string]struct {
		profile string            // the block's
		env     map[string]string // more environment; {HOME} is replaced
		config  string
		wants   []string
	}{
		"the block's profile": {profile: "nope", config: "[profile other]\nregion = us-east-1\n",
			wants: []string{`profile "nope" is in neither {HOME}/.aws/config nor {HOME}/.aws/credentials, for account 111111111111 in us-east-1`,
				"create it (aws configure --profile nope, or aws configure sso --profile nope)",
				"point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at the files that have it", "or correct the profile of the block"}},
		"AWS_PROFILE": {env: map[string]string{"AWS_PROFILE": "nope"},
			wants: []string{`profile "nope" (set by AWS_PROFILE) is in neither`, "or correct AWS_PROFILE"}},
		"files named by the environment": {profile: "nope",
			env:   map[string]string{"AWS_CONFIG_FILE": "{HOME}/cfg", "AWS_SHARED_CREDENTIALS_FILE": "{HOME}/creds"},
			wants: []string{`profile "nope" is in neither {HOME}/cfg nor {HOME}/creds`}},
		"the default files": {profile: "flightplan-test-nope", env: map[string]string{"AWS_CONFIG_FILE": "", "AWS_SHARED_CREDENTIALS_FILE": ""},
			wants: []string{`profile "flightplan-test-nope" is in neither ` + config.DefaultSharedConfigFiles[0] + " nor " + config.DefaultSharedCredentialsFiles[0]}},
		"a missing source_profile": {profile: "deploy",
			config: "[profile deploy]\nrole_arn = arn:aws:iam::111111111111:role/deploy\nsource_profile = base\n",
			wants:  []string{`profile "base", the source_profile of "deploy", is in neither`, "aws configure --profile base"}},
	} {
		t.Run(name, func(t *testing.T) {
			home := awsHome(t, tc.config, "")
			for k, v := range tc.env {
				t.Setenv(k, strings.ReplaceAll(v, "{HOME}", home))
			}
			p := cloud.NewProvider(cloud.Options{})
			err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1", Profile: tc.profile})
			var notFound *cloud.ProfileNotFoundError
			if !errors.As(err, &notFound) {
				t.Fatalf("Guard = %v, want a ProfileNotFoundError", err)
			}
			for i, want := range tc.wants {
				tc.wants[i] = strings.ReplaceAll(want, "{HOME}", home)
			}
			wantMessage(t, err, tc.wants...)
		})
	}
}

func TestSSOWithoutSession(t *testing.T) {
	const legacy = `[profile dev]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin
`
	const session = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
`
	const expired = `{"accessToken": "token", "expiresAt": "2020-01-01T00:00:00Z", "region": "us-east-1", "startUrl": "https://example.awsapps.com/start"}`
	for name, tc := range map[string]struct {
		profile, config string
		cacheKey        string // the cached token's key, when there is one (expired)
	}{
		"no cached token":                    {profile: "dev", config: legacy},
		"an expired token":                   {profile: "dev", config: legacy, cacheKey: "https://example.awsapps.com/start"},
		"sso-session without a cached token": {profile: "dev", config: session},
		"sso-session with an expired token":  {profile: "dev", config: session, cacheKey: "corp"},
		"a role on an SSO source_profile": {profile: "deploy",
			config: legacy + "\n[profile deploy]\nrole_arn = arn:aws:iam::111111111111:role/deploy\nsource_profile = dev\n"},
	} {
		t.Run(name, func(t *testing.T) {
			awsHome(t, tc.config, "")
			if tc.cacheKey != "" {
				path, err := ssocreds.StandardCachedTokenFilepath(tc.cacheKey)
				if err != nil {
					t.Fatal(err)
				}
				writeFile(t, path, expired)
			}
			p := cloud.NewProvider(cloud.Options{})
			err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1", Profile: tc.profile})
			var login *cloud.SSOLoginError
			if !errors.As(err, &login) {
				t.Fatalf("Guard = %v, want an SSOLoginError", err)
			}
			wantMessage(t, err, `profile "dev" signs in with AWS IAM Identity Center (SSO) and has no valid session`,
				"run aws sso login --profile dev, then run flightplan again")
		})
	}
}

const mfaConfig = `[profile admin]
role_arn = arn:aws:iam::222222222222:role/admin
source_profile = base
mfa_serial = arn:aws:iam::111111111111:mfa/me
`

// A profile with mfa_serial asks for its code once on the terminal, for
// every target that uses it, and assumes its role with it.
func TestMFAPrompt(t *testing.T) {
	ts := awssimtest.Start(t)
	ts.Clock.Resume(time.Now()) // the SDK reuses a session until its expiry by this machine's clock
	awsHome(t, mfaConfig, baseCredentials)
	t.Setenv("AWS_ENDPOINT_URL_STS", ts.URL)
	var prompt bytes.Buffer
	p := cloud.NewProvider(cloud.Options{Terminal: &cloud.Terminal{In: strings.NewReader("123456\n"), Prompt: &prompt}})
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if err := p.Guard(context.Background(), cloud.Target{Account: "222222222222", Region: region, Profile: "admin"}); err != nil {
			t.Fatalf("Guard in %s: %v", region, err)
		}
	}
	if got, want := prompt.String(), "MFA code for profile admin (arn:aws:iam::111111111111:mfa/me): "; got != want {
		t.Errorf("prompt = %q, want %q once", got, want)
	}
	if n := ts.CallCount("sts", "AssumeRole"); n != 1 {
		t.Errorf("AssumeRole called %d times, want 1", n)
	}
}

func TestMFARefusals(t *testing.T) {
	for name, tc := range map[string]struct {
		terminal *cloud.Terminal
		wants    []string
	}{
		"no terminal": {wants: []string{
			`profile "admin" assumes its role with MFA (mfa_serial arn:aws:iam::111111111111:mfa/me) and standard input is not a terminal to ask for the code`,
			`run flightplan in a terminal, or export the role's session credentials first (eval "$(aws configure export-credentials --profile admin --format env)") and run without the profile`}},
		"no code entered": {terminal: &cloud.Terminal{In: strings.NewReader("\n"), Prompt: io.Discard},
			wants: []string{"profile admin needs an MFA code from arn:aws:iam::111111111111:mfa/me, and none was entered"}},
	} {
		t.Run(name, func(t *testing.T) {
			ts := awssimtest.Start(t)
			awsHome(t, mfaConfig, baseCredentials)
			t.Setenv("AWS_ENDPOINT_URL_STS", ts.URL)
			p := cloud.NewProvider(cloud.Options{Terminal: tc.terminal})
			err := p.Guard(context.Background(), cloud.Target{Account: "222222222222", Region: "us-east-1", Profile: "admin"})
			var mfa *cloud.MFARequiredError
			if tc.terminal == nil && !errors.As(err, &mfa) {
				t.Fatalf("Guard = %v, want an MFARequiredError", err)
			}
			wantMessage(t, err, tc.wants...)
			if n := ts.CallCount("sts", "AssumeRole"); n != 0 {
				t.Errorf("AssumeRole called %d times without a code, want 0", n)
			}
		})
	}
}

// closedPort returns the address of a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

const roleConfig = `[profile deploy]
role_arn = arn:aws:iam::111111111111:role/deploy
source_profile = base
`

func TestSTSUnreachable(t *testing.T) {
	for name, profile := range map[string]string{
		"checking the account": "base",
		"assuming the role":    "deploy",
	} {
		t.Run(name, func(t *testing.T) {
			awsHome(t, roleConfig, baseCredentials)
			endpoint := "http://" + closedPort(t)
			t.Setenv("AWS_ENDPOINT_URL_STS", endpoint)
			p := cloud.NewProvider(cloud.Options{MaxAttempts: 1})
			err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1", Profile: profile})
			var unreachable *cloud.UnreachableError
			if !errors.As(err, &unreachable) {
				t.Fatalf("Guard = %v, want an UnreachableError", err)
			}
			wantMessage(t, err, "cannot reach STS at "+endpoint+" (connection refused), for account 111111111111 in us-east-1",
				"check the network, a proxy (HTTPS_PROXY) or AWS_ENDPOINT_URL")
		})
	}
}

func TestSTSRefuses(t *testing.T) {
	const withToken = baseCredentials + "aws_session_token = not-issued\n"
	for name, tc := range map[string]struct {
		profile, operation string
	}{
		"checking the account": {"base", "GetCallerIdentity"},
		"assuming the role":    {"deploy", "AssumeRole"},
	} {
		t.Run(name, func(t *testing.T) {
			ts := awssimtest.Start(t)
			awsHome(t, roleConfig, withToken)
			t.Setenv("AWS_ENDPOINT_URL_STS", ts.URL)
			p := cloud.NewProvider(cloud.Options{})
			err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1", Profile: tc.profile})
			var refused *cloud.RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("Guard = %v, want a RefusedError", err)
			}
			wantMessage(t, err, "STS at "+ts.URL+" refused "+tc.operation+" for profile "+tc.profile+" (account 111111111111 in us-east-1): "+
				"The security token included in the request is invalid. (InvalidClientTokenId): AWS does not know this access key")
		})
	}
}

// The SDK's own log (here its warning that the instance metadata service
// falls back to IMDSv1) never reaches standard error; with DebugLog set it
// goes there, with the requests.
func TestSDKLog(t *testing.T) {
	imds := httptest.NewServer(http.NotFoundHandler()) // no IMDSv2 token, no role: not an EC2 instance
	t.Cleanup(imds.Close)
	guard := func(opts cloud.Options) error {
		awsHome(t, "", "")
		t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
		t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)
		return cloud.NewProvider(opts).Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	}
	var err error
	if stderr := captureStderr(t, func() { err = guard(cloud.Options{}) }); stderr != "" {
		t.Errorf("the SDK wrote to standard error:\n%s", stderr)
	}
	var none *cloud.NoCredentialsError
	if !errors.As(err, &none) {
		t.Errorf("Guard = %v, want a NoCredentialsError", err)
	}
	var log bytes.Buffer
	_ = guard(cloud.Options{DebugLog: &log})
	for _, want := range []string{"WARN falling back to IMDSv1", "DEBUG Request\nPUT /latest/api/token HTTP/1.1"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("debug log does not contain %q:\n%s", want, log.String())
		}
	}
}

// captureStderr returns what run writes to the process's standard error.
func captureStderr(t *testing.T, run func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	run()
	os.Stderr = saved
	w.Close()
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// The debug log shows each request's headers, but not the secrets in them.
func TestDebugLogMasksCredentials(t *testing.T) {
	ts := awssimtest.Start(t)
	awsHome(t, "", "[default]\naws_access_key_id = SIM111111111111\naws_secret_access_key = secret\naws_session_token = the-session-token\n")
	t.Setenv("AWS_ENDPOINT_URL_STS", ts.URL)
	var log bytes.Buffer
	p := cloud.NewProvider(cloud.Options{DebugLog: &log})
	_ = p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	for _, want := range []string{"DEBUG Request\nPOST / HTTP/1.1", "Authorization: [masked]", "X-Amz-Security-Token: [masked]", "DEBUG Response\nHTTP/1.1 403"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("debug log does not contain %q:\n%s", want, log.String())
		}
	}
	for _, secret := range []string{"the-session-token", "Signature="} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("debug log shows %q:\n%s", secret, log.String())
		}
	}
}
