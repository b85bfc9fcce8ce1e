package cloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
)

// Terminal is a person at a terminal: In reads what they type, and Prompt
// is where they are asked (standard error, so that standard output stays
// the command's result).
type Terminal struct {
	In     io.Reader
	Prompt io.Writer
}

// loadConfig loads the SDK's configuration for t from the standard AWS
// environment and files, with the SDK's log discarded or sent to DebugLog,
// and a profile with mfa_serial asking Terminal for its code. A failure is
// returned as one of this package's errors when it has a known cause.
func (p *Provider) loadConfig(ctx context.Context, t Target, retryer func() aws.Retryer) (aws.Config, error) {
	env, err := config.NewEnvConfig()
	if err != nil {
		return aws.Config{}, err
	}
	profile, fromEnv := profileOf(t, env)
	loadOpts := []func(*config.LoadOptions) error{
		config.WithRegion(t.Region), config.WithRetryer(retryer),
		config.WithLogger(p.sdkLogger()), config.WithClientLogMode(p.sdkLogMode()),
		config.WithAssumeRoleCredentialOptions(func(o *stscreds.AssumeRoleOptions) {
			o.TokenProvider = p.mfaTokenProvider(t, profile, aws.ToString(o.SerialNumber))
		}),
	}
	if t.Profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(t.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	var missing config.SharedConfigProfileNotExistError
	if errors.As(err, &missing) {
		return aws.Config{}, &ProfileNotFoundError{Target: t, Profile: missing.Profile, Requested: profile,
			FromEnv: fromEnv, Files: sharedFiles(env)}
	}
	if err != nil {
		return aws.Config{}, err
	}
	cfg.Credentials = p.sharedCredentials(t.Profile, cfg.Credentials)
	return cfg, nil
}

// profileOf names the profile the SDK reads for t, as the SDK chooses it:
// the block's profile, else AWS_PROFILE, else "default". fromEnv says the
// name came from the environment.
func profileOf(t Target, env config.EnvConfig) (name string, fromEnv bool) {
	switch {
	case t.Profile != "":
		return t.Profile, false
	case env.SharedConfigProfile != "":
		return env.SharedConfigProfile, true
	}
	return config.DefaultSharedConfigProfile, false
}

// sharedFiles are the shared config and credentials files the SDK reads:
// those the environment names, else its defaults (~/.aws/config and
// ~/.aws/credentials, as of the process's start).
func sharedFiles(env config.EnvConfig) []string {
	configFiles, credentialsFiles := config.DefaultSharedConfigFiles, config.DefaultSharedCredentialsFiles
	if env.SharedConfigFile != "" {
		configFiles = []string{env.SharedConfigFile}
	}
	if env.SharedCredentialsFile != "" {
		credentialsFiles = []string{env.SharedCredentialsFile}
	}
	return slices.Concat(configFiles, credentialsFiles)
}

// sharedCredentials returns the credentials already resolved for the same
// profile by another target, or remembers creds as those of the profile.
// One profile then asks for one MFA code and signs in once, however many
// accounts and regions use it; credentials are valid in every region.
func (p *Provider) sharedCredentials(profile string, creds aws.CredentialsProvider) aws.CredentialsProvider {
	if creds == nil {
		return nil
	}
	if known, ok := p.creds[profile]; ok {
		return known
	}
	p.creds[profile] = creds
	return creds
}

// mfaTokenProvider returns the SDK's token provider for a profile that
// assumes a role with MFA. It does what stscreds.StdinTokenProvider does,
// on the streams of Terminal instead of the process's (which print the
// prompt on standard output); without a Terminal it refuses with an
// *MFARequiredError before any AWS call.
func (p *Provider) mfaTokenProvider(t Target, profile, serial string) func() (string, error) {
	return func() (string, error) {
		term := p.opts.Terminal
		if term == nil {
			return "", &MFARequiredError{Target: t, Profile: profile, SerialNumber: serial}
		}
		p.promptMu.Lock() // one question on the screen at a time
		defer p.promptMu.Unlock()
		return askMFACode(term, profile, serial)
	}
}

func askMFACode(term *Terminal, profile, serial string) (string, error) {
	if _, err := fmt.Fprintf(term.Prompt, "MFA code for profile %s (%s): ", profile, serial); err != nil {
		return "", err
	}
	var code string
	_, err := fmt.Fscanln(term.In, &code)
	code = strings.TrimSpace(code)
	if err != nil || code == "" {
		return "", fmt.Errorf("profile %s needs an MFA code from %s, and none was entered", profile, serial)
	}
	return code, nil
}
