// Package sts simulates STS over the Query protocol, signing name sts:
// GetCallerIdentity and AssumeRole, with the sessions AssumeRole issues.
package sts

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"flightplan/awssim/internal/simcore"
)

// Service simulates STS. AssumeRole hands out keys "SIM"+account so that
// the simulator knows the role's account from the key alone, and a session
// token that it remembers, so that GetCallerIdentity can name the role; a
// call signed with a session token it did not issue for the key's account
// is refused with InvalidClientTokenId, as AWS refuses it.
// Sessions are guarded by the core's lock and never expire: a FakeClock moves five
// seconds per call, and a test should not see its credentials lapse.
type Service struct {
	core *simcore.Core
	// sessions maps a session token to the role session it was issued for.
	sessions map[string]*roleSession
}

// roleSession is one assumed-role session; exported fields for the state file.
type roleSession struct {
	Account     string
	RoleARN     string
	RoleName    string
	SessionName string
	Expiration  time.Time
}

var (
	roleARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})$`)
	sessionNamePattern = regexp.MustCompile(`^[\w+=,.@-]*$`)
)

// New returns an STS with no sessions on core.
func New(core *simcore.Core) *Service {
	return &Service{core: core, sessions: map[string]*roleSession{}}
}

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "sts", Protocol: simcore.ProtocolQuery, XMLNS: "https://sts.amazonaws.com/doc/2011-06-15/", Handle: x.handle}
}

func (x *Service) handle(r *simcore.Request) (any, error) {
	x.core.Lock()
	defer x.core.Unlock()
	if token := r.HTTP.Header.Get("X-Amz-Security-Token"); token != "" && x.session(r) == nil {
		return nil, invalidToken()
	}
	switch r.Action {
	case "GetCallerIdentity":
		return x.getCallerIdentity(r), nil
	case "AssumeRole":
		out, err := x.assumeRole(r)
		if err == nil {
			x.core.Persist()
		}
		return out, err
	}
	return nil, simcore.Errorf("InvalidAction", "Could not find operation %s for version 2011-06-15", r.Action)
}

type callerIdentity struct {
	XMLName xml.Name `xml:"GetCallerIdentityResult"`
	UserId  string
	Account string
	Arn     string
}

func (x *Service) getCallerIdentity(r *simcore.Request) callerIdentity {
	out := callerIdentity{UserId: "AIDASIM" + r.Account + "XX", Account: r.Account, Arn: x.CallerARN(r)}
	if s := x.session(r); s != nil {
		out.UserId = roleID(s.RoleARN) + ":" + s.SessionName
	}
	return out
}

// CallerARN is the identity of the caller of r: the assumed role when r is
// signed with a session token AssumeRole issued for r's account, otherwise
// the account's user "sim". Called with the core's lock held.
func (x *Service) CallerARN(r *simcore.Request) string {
	if s := x.session(r); s != nil {
		return assumedRoleARN(s)
	}
	return "arn:aws:iam::" + r.Account + ":user/sim"
}

func (x *Service) session(r *simcore.Request) *roleSession {
	token := r.HTTP.Header.Get("X-Amz-Security-Token")
	if s := x.sessions[token]; s != nil && token != "" && s.Account == r.Account {
		return s
	}
	return nil
}

type assumeRoleResult struct {
	XMLName         xml.Name `xml:"AssumeRoleResult"`
	Credentials     credentials
	AssumedRoleUser struct {
		AssumedRoleId string
		Arn           string
	}
}

type credentials struct {
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

// assumeRole issues credentials for the role's account. Any role may be
// assumed by anyone: the simulator has no IAM.
func (x *Service) assumeRole(r *simcore.Request) (any, error) {
	role, name, err := parseRoleARN(r.Form.Get("RoleArn"))
	if err != nil {
		return nil, err
	}
	session := r.Form.Get("RoleSessionName")
	if err := checkSessionName(session); err != nil {
		return nil, err
	}
	duration, err := sessionDuration(r.Form.Get("DurationSeconds"))
	if err != nil {
		return nil, err
	}
	s := &roleSession{Account: role, RoleARN: r.Form.Get("RoleArn"), RoleName: name, SessionName: session,
		Expiration: x.core.Now().UTC().Add(duration).Truncate(time.Second)}
	token := newToken()
	x.sessions[token] = s
	var out assumeRoleResult
	out.Credentials = credentials{AccessKeyId: "SIM" + role, SecretAccessKey: "sim-secret-" + role,
		SessionToken: token, Expiration: s.Expiration.Format(time.RFC3339)}
	out.AssumedRoleUser.AssumedRoleId = roleID(s.RoleARN) + ":" + session
	out.AssumedRoleUser.Arn = assumedRoleARN(s)
	return out, nil
}

// parseRoleARN returns the account and the role name (without its path) of
// an IAM role ARN, or STS's ValidationError.
func parseRoleARN(arn string) (account, name string, err error) {
	if len(arn) < 20 {
		return "", "", validation("roleArn", arn, "Member must have length greater than or equal to 20")
	}
	m := roleARNPattern.FindStringSubmatch(arn)
	if m == nil {
		return "", "", simcore.Errorf("ValidationError", "Request ARN is invalid")
	}
	return m[1], m[2], nil
}

func checkSessionName(name string) error {
	switch {
	case len(name) < 2:
		return validation("roleSessionName", name, "Member must have length greater than or equal to 2")
	case len(name) > 64:
		return validation("roleSessionName", name, "Member must have length less than or equal to 64")
	case !sessionNamePattern.MatchString(name):
		return validation("roleSessionName", name, `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
	}
	return nil
}

// sessionDuration reads DurationSeconds: 900 to 43200, default one hour.
func sessionDuration(v string) (time.Duration, error) {
	if v == "" {
		return time.Hour, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil:
		return 0, simcore.Errorf("ValidationError", "Value '%s' for parameter DurationSeconds is invalid.", v)
	case n < 900:
		return 0, validation("durationSeconds", v, "Member must have value greater than or equal to 900")
	case n > 43200:
		return 0, validation("durationSeconds", v, "Member must have value less than or equal to 43200")
	}
	return time.Duration(n) * time.Second, nil
}

// invalidToken is AWS's refusal of a call signed with a session token it
// did not issue for the key's account.
func invalidToken() *simcore.APIError {
	return &simcore.APIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid.",
		Status: http.StatusForbidden, Sender: true}
}

func validation(member, value, constraint string) *simcore.APIError {
	return simcore.Errorf("ValidationError", "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s", value, member, constraint)
}

func assumedRoleARN(s *roleSession) string {
	return "arn:aws:sts::" + s.Account + ":assumed-role/" + s.RoleName + "/" + s.SessionName
}

// roleID derives a stable unique ID ("AROA…") from the role ARN, as IAM
// gives each role one.
func roleID(roleARN string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(roleARN))
	return "AROA" + strings.ToUpper(fmt.Sprintf("%017x", h.Sum64()))[:17]
}

func newToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "SIMSESSION" + base64.RawURLEncoding.EncodeToString(b[:])
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "STS" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *Service) Snapshot() any { return x.sessions }

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	var st map[string]*roleSession
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.sessions = st
	return nil
}
