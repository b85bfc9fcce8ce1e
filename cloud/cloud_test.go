package cloud_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"flightplan/awssim/awssimtest"
	"flightplan/cloud"
)

func TestGuard(t *testing.T) {
	ts := awssimtest.Start(t)
	for name, tc := range map[string]struct {
		keyFor  func(string) string
		wantErr string
	}{
		"right account": {},
		"wrong account": {
			keyFor:  func(string) string { return "SIM222222222222" },
			wantErr: "the file declares account 111111111111, but the default credentials belong to account 222222222222",
		},
	} {
		t.Run(name, func(t *testing.T) {
			p := cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL, SimKeyFor: tc.keyFor})
			err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Guard: %v", err)
				}
				return
			}
			var wrong *cloud.WrongAccountError
			if !errors.As(err, &wrong) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Guard error = %v, want a WrongAccountError containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestGuardChecksEachTargetOnce(t *testing.T) {
	ts := awssimtest.Start(t)
	p := cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL})
	target := cloud.Target{Account: "111111111111", Region: "us-east-1"}
	for range 3 {
		if err := p.Guard(context.Background(), target); err != nil {
			t.Fatal(err)
		}
	}
	if n := ts.CallCount("sts", "GetCallerIdentity"); n != 1 {
		t.Fatalf("GetCallerIdentity called %d times for one target, want 1", n)
	}
}

func TestWrongAccountErrorNamesTheCredential(t *testing.T) {
	for name, tc := range map[string]struct {
		target cloud.Target
		want   string
	}{
		"profile": {cloud.Target{Account: "111111111111", Profile: "prod"}, "profile prod belong to account 222222222222"},
		"role":    {cloud.Target{Account: "111111111111", RoleARN: "arn:aws:iam::111111111111:role/x"}, "role arn:aws:iam::111111111111:role/x belong to account 222222222222"},
	} {
		t.Run(name, func(t *testing.T) {
			err := &cloud.WrongAccountError{Target: tc.target, Actual: "222222222222"}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestUnwrapShowsTheServiceMessage(t *testing.T) {
	ts := awssimtest.Start(t)
	p := cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL})
	c, err := p.For(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SSM.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String("/x"), Value: aws.String("1"), Type: "String"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SSM.PutParameter(context.Background(), &ssm.PutParameterInput{Name: aws.String("/x"), Value: aws.String("2"), Type: "String"})
	if !cloud.IsCode(err, "ParameterAlreadyExists") {
		t.Fatalf("IsCode(ParameterAlreadyExists) false for %v", err)
	}
	got := cloud.Unwrap(err).Error()
	if strings.Contains(got, "operation error") || !strings.Contains(got, "(ParameterAlreadyExists)") {
		t.Fatalf("Unwrap = %q, want the service's message and code without the SDK envelope", got)
	}
}

// A limited client spaces its calls by the budget: at 20 calls a second
// (burst 20), 30 calls need about half a second more than the burst.
func TestBudgetLimitSpacesCalls(t *testing.T) {
	ts := awssimtest.Start(t)
	p := cloud.NewProvider(cloud.Options{SimEndpoint: ts.URL})
	c, err := p.For(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	b := cloud.NewBudgets(20)
	cfn := cloudformation.New(c.CFN.Options(), b.Limit("111111111111/us-east-1"))
	start := time.Now()
	for range 30 {
		if _, err := cfn.DescribeStacks(context.Background(), &cloudformation.DescribeStacksInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 400*time.Millisecond {
		t.Fatalf("30 calls at 20/s (burst 20) took %v, want at least ~500ms", took)
	}
}

// Without any credential source, Guard says where credentials come from
// and how to try flightplan without AWS, before any AWS call.
func TestGuardWithoutCredentials(t *testing.T) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_PROFILE": "",
		"AWS_CONFIG_FILE": dir + "/config", "AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_WEB_IDENTITY_TOKEN_FILE": "",
	} {
		t.Setenv(k, v)
	}
	p := cloud.NewProvider(cloud.Options{})
	err := p.Guard(context.Background(), cloud.Target{Account: "111111111111", Region: "us-east-1"})
	var none *cloud.NoCredentialsError
	if !errors.As(err, &none) {
		t.Fatalf("Guard = %v, want a NoCredentialsError", err)
	}
	for _, want := range []string{"no AWS credentials for account 111111111111 in us-east-1", "profile or role_arn", "--sim DIR"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestBudgetWaitPastDeadline: a call whose turn comes after its context's
// deadline is refused at once with context.DeadlineExceeded, so a caller's
// timeout reads as a timeout rather than as a failure.
func TestBudgetWaitPastDeadline(t *testing.T) {
	b := cloud.NewBudgets(1) // one call a second
	if err := b.Wait(context.Background(), "k"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond) // the next token is due in a second
	defer cancel()
	err := b.Wait(ctx, "k")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait = %v, want context.DeadlineExceeded", err)
	}
}
