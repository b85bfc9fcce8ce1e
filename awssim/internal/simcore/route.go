package simcore

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// ServeHTTP decodes an API call, counts it, applies faults and dispatches it
// to the service registered under its signing name.
func (c *Core) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	req, err := decodeRequest(hr)
	if err != nil {
		writeJSONError(w, Errorf("InvalidSignatureException", "%s", err.Error()))
		return
	}
	api, ok := c.apis[req.Service]
	if !ok {
		writeJSONError(w, Errorf("UnknownService", "the simulator does not serve %q", req.Service))
		return
	}
	c.dispatch(w, api, req)
}

func (c *Core) dispatch(w http.ResponseWriter, api API, req *Request) {
	switch api.Protocol {
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
		req.Action = api.RESTAction(req.HTTP)
	}
	c.counters.count(req.Account, req.Region, req.Service, req.Action)
	if t, ok := c.clock.(interface{ Tick() }); ok {
		t.Tick()
	}
	if apiErr := c.faults.before(req, api.Protocol); apiErr != nil {
		c.counters.countThrottled(req.Service, req.Action)
		WriteError(w, api, apiErr)
		return
	}
	if api.Protocol == ProtocolREST {
		api.ServeREST(w, req)
		c.Commit()
		return
	}
	out, err := api.Handle(req)
	c.Commit() // the call's changes are on disk before its answer
	if err != nil {
		WriteError(w, api, err)
		return
	}
	writeResult(w, api, req.Action, out)
}

var credentialScope = regexp.MustCompile(`Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request`)

// DefaultAccount owns every access key that does not name an account.
const DefaultAccount = "000000000000"

// accountOfKey maps an access key to its account: SIM + 12 digits, or the
// default account.
func accountOfKey(key string) string {
	if len(key) == 15 && strings.HasPrefix(key, "SIM") && isDigits(key[3:]) {
		return key[3:]
	}
	return DefaultAccount
}

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
