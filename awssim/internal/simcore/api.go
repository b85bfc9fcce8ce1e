package simcore

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// Service is one simulated AWS service, as it registers with a Core.
type Service interface {
	// API says how calls reach the service.
	API() API
	// StateKey names the service's member of the state file ("SSM",
	// "CloudFormation").
	StateKey() string
	// Snapshot returns the service's state, to be written to the state
	// file as JSON, or nil for a service with no state of its own (it has
	// no member). The Core calls it with the lock held.
	Snapshot() any
	// Restore reads back what Snapshot returned, before the simulator
	// serves anything.
	Restore(data json.RawMessage) error
}

// API is how one service is called.
type API struct {
	Name     string // SigV4 signing name: "ssm", "sts", "cloudformation"
	Protocol Protocol
	XMLNS    string // Query protocol response namespace
	// Handle serves the actions of a JSON or Query service.
	Handle Handler
	// ServeREST serves the calls of a REST service, writing the response
	// itself (ProtocolREST only).
	ServeREST func(w http.ResponseWriter, r *Request)
	// RESTAction names a REST call's action from its method and path, for
	// the counters and faults (ProtocolREST only).
	RESTAction func(*http.Request) string
	// WriteError, when set, writes the service's errors in its own shape
	// (S3's bare <Error> document); nil means the protocol's.
	WriteError func(http.ResponseWriter, *APIError)
}

// Protocol is how a service encodes requests and responses.
type Protocol int

const (
	// ProtocolJSON is AWS JSON 1.1: X-Amz-Target "Prefix.Action", JSON bodies.
	ProtocolJSON Protocol = iota
	// ProtocolQuery is the Query protocol: form-encoded Action, XML responses.
	ProtocolQuery
	// ProtocolREST is REST-XML: the handler reads the path and writes XML.
	ProtocolREST
)

// Handler serves one service's actions. For ProtocolJSON it returns a value
// marshalled as the JSON response body; for ProtocolQuery a value marshalled
// as XML inside <{Action}Result>.
type Handler func(r *Request) (any, error)

// Request is one decoded API call, as a service handler sees it.
type Request struct {
	Service   string // "sts", "ssm", "cloudformation", "route53", …
	Action    string // "PutParameter", "CreateStack", …
	Account   string // 12 digits
	Region    string
	AccessKey string
	// Form holds the parameters of a Query-protocol call (STS, CloudFormation).
	Form url.Values
	// Body is the raw body of a JSON-protocol call (SSM, ECR) or a REST call.
	Body []byte
	HTTP *http.Request
}

// APIError is an AWS error as the service returns it. Handlers return it (or
// wrap it) to send a specific code; any other error becomes InternalFailure.
type APIError struct {
	Code    string // "ParameterNotFound", "ValidationError", …
	Message string
	Status  int  // HTTP status; 400 when zero
	Sender  bool // Query protocol <Type>: Sender (client fault) or Receiver
}

// Error returns the code and the message.
func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// HTTPStatus is the error's HTTP status: Status, or 400 when zero.
func (e *APIError) HTTPStatus() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// Errorf builds a client-side APIError with HTTP status 400.
func Errorf(code, format string, args ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest, Sender: true}
}

// DecodeBody unmarshals the JSON body of a JSON-protocol call into in; an
// empty body leaves in as it is. A body that is not JSON of in's shape is
// a SerializationException, as AWS answers.
func (r *Request) DecodeBody(in any) error {
	if len(r.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Body, in); err != nil {
		return Errorf("SerializationException", "%s", err.Error())
	}
	return nil
}

// RestoreJSON decodes a service's member of the state file into a new
// value and stores it in *dst only when it decodes: the pattern of every
// service's Restore.
func RestoreJSON[T any](data json.RawMessage, dst **T) error {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	*dst = v
	return nil
}
