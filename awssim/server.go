package awssim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

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

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// Errorf builds a client-side APIError with HTTP status 400.
func Errorf(code, format string, args ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest, Sender: true}
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
// as XML inside <{Action}Result>; for ProtocolREST it writes the response
// itself through r.HTTP and the ResponseWriter handed to Service.ServeREST.
type Handler func(r *Request) (any, error)

// Service is one simulated AWS service.
type Service struct {
	Name      string // SigV4 signing name: "ssm", "sts", "cloudformation"
	Protocol  Protocol
	XMLNS     string // Query protocol response namespace
	Handle    Handler
	ServeREST func(w http.ResponseWriter, r *Request) // ProtocolREST only
	// RESTAction names a REST call's action from its method and path, for
	// the counters and faults (ProtocolREST only).
	RESTAction func(*http.Request) string
	// WriteError, when set, writes the service's errors in its own shape
	// (S3's bare <Error> document); nil means the protocol's.
	WriteError func(http.ResponseWriter, *APIError)
}

// ServeHTTP decodes the call, counts it, applies faults and dispatches it.
func (s *Sim) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if strings.HasPrefix(hr.URL.Path, "/_sim/") {
		s.serveControl(w, hr)
		return
	}
	req, err := decodeRequest(hr)
	if err != nil {
		writeJSONError(w, Errorf("InvalidSignatureException", "%s", err.Error()))
		return
	}
	svc := s.services[req.Service]
	if svc == nil {
		writeJSONError(w, Errorf("UnknownService", "the simulator does not serve %q", req.Service))
		return
	}
	s.dispatch(w, svc, req)
}

func (s *Sim) dispatch(w http.ResponseWriter, svc *Service, req *Request) {
	switch svc.Protocol {
	case ProtocolJSON:
		target := req.HTTP.Header.Get("X-Amz-Target")
		req.Action = target[strings.LastIndex(target, ".")+1:]
	case ProtocolQuery:
		if err := req.HTTP.ParseForm(); err == nil {
			req.Form = req.HTTP.PostForm
			if len(req.Form) == 0 {
				req.Form, _ = url.ParseQuery(string(req.Body))
			}
		}
		req.Action = req.Form.Get("Action")
	case ProtocolREST:
		req.Action = svc.RESTAction(req.HTTP)
	}
	s.counters.count(req.Account, req.Region, req.Service, req.Action)
	if t, ok := s.clock.(interface{ Tick() }); ok {
		t.Tick()
	}
	if apiErr := s.faults.before(req, svc.Protocol); apiErr != nil {
		s.counters.countThrottled(req.Service, req.Action)
		s.writeError(w, svc, apiErr)
		return
	}
	if svc.Protocol == ProtocolREST {
		svc.ServeREST(w, req)
		return
	}
	out, err := svc.Handle(req)
	if err != nil {
		s.writeError(w, svc, err)
		return
	}
	s.writeResult(w, svc, req.Action, out)
}

var credentialScope = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

// accountOfKey maps an access key to its account: SIM + 12 digits, or the
// default account.
func accountOfKey(key string) string {
	if len(key) == 15 && strings.HasPrefix(key, "SIM") && isDigits(key[3:]) {
		return key[3:]
	}
	return DefaultAccount
}

// DefaultAccount owns every access key that does not name an account.
const DefaultAccount = "000000000000"

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func decodeRequest(hr *http.Request) (*Request, error) {
	m := credentialScope.FindStringSubmatch(hr.Header.Get("Authorization"))
	if m == nil {
		return nil, errors.New("the request is not signed with SigV4: no credential scope in the Authorization header")
	}
	body, err := io.ReadAll(hr.Body)
	if err != nil {
		return nil, err
	}
	hr.Body = io.NopCloser(strings.NewReader(string(body)))
	return &Request{
		Service: m[3], Region: m[2], AccessKey: m[1], Account: accountOfKey(m[1]),
		Body: body, HTTP: hr,
	}, nil
}

func (s *Sim) writeError(w http.ResponseWriter, svc *Service, err error) {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		apiErr = &APIError{Code: "InternalFailure", Message: err.Error(), Status: http.StatusInternalServerError}
	}
	if svc.WriteError != nil {
		svc.WriteError(w, apiErr)
		return
	}
	if svc.Protocol == ProtocolJSON {
		writeJSONError(w, apiErr)
		return
	}
	writeXMLError(w, apiErr)
}

func writeJSONError(w http.ResponseWriter, e *APIError) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-RequestId", requestID())
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(statusOf(e))
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": e.Code, "message": e.Message})
}

func statusOf(e *APIError) int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

type xmlErrorResponse struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func writeXMLError(w http.ResponseWriter, e *APIError) {
	var out xmlErrorResponse
	out.Error.Type = "Receiver"
	if e.Sender || statusOf(e) < 500 {
		out.Error.Type = "Sender"
	}
	out.Error.Code, out.Error.Message, out.RequestID = e.Code, e.Message, requestID()
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(statusOf(e))
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(out)
}

func (s *Sim) writeResult(w http.ResponseWriter, svc *Service, action string, out any) {
	if svc.Protocol == ProtocolJSON {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Header().Set("X-Amzn-RequestId", requestID())
		if out == nil {
			out = struct{}{}
		}
		_ = json.NewEncoder(w).Encode(out)
		return
	}
	body, err := xml.Marshal(out)
	if out == nil || err != nil {
		body = nil
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%sResponse xmlns="%s"><%sResult>`, action, svc.XMLNS, action)
	_, _ = w.Write(stripOuterElement(body))
	fmt.Fprintf(w, `</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`, action, requestID(), action)
}

// stripOuterElement drops the wrapper element that xml.Marshal writes for the
// result struct, keeping its children: handlers return plain structs whose
// fields are the children of <{Action}Result>.
func stripOuterElement(b []byte) []byte {
	s := string(b)
	open := strings.Index(s, ">")
	close := strings.LastIndex(s, "</")
	if open < 0 || close < open || strings.HasSuffix(s[:open], "/") {
		return nil
	}
	return []byte(s[open+1 : close])
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
