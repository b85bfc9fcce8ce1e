package awssim

import "flightplan/awssim/internal/simcore"

// Names of the core, while the services still live in this package.
type (
	Request  = simcore.Request
	APIError = simcore.APIError
	Protocol = simcore.Protocol
	Handler  = simcore.Handler
	Service  = simcore.API
)

const (
	ProtocolJSON  = simcore.ProtocolJSON
	ProtocolQuery = simcore.ProtocolQuery
	ProtocolREST  = simcore.ProtocolREST
)

// Errorf builds a client-side APIError with HTTP status 400.
func Errorf(code, format string, args ...any) *APIError { return simcore.Errorf(code, format, args...) }

func requestID() string { return simcore.RequestID() }

func statusOf(e *APIError) int { return e.HTTPStatus() }

func digest(n int, parts ...string) string { return simcore.Digest(n, parts...) }

func uuidOf(seed string) string { return simcore.UUID(seed) }

func digestNum(seed string) uint64 { return simcore.DigestNumber(seed) }

type epoch = simcore.Epoch
