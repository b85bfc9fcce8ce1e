package awssim

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
)

// API says how calls reach the service.
func (x *s3Service) API() Service {
	return Service{Name: "s3", Protocol: ProtocolREST, ServeREST: x.serve, RESTAction: s3Action, WriteError: writeS3Error}
}

// s3Call is one S3 request with its bucket and key read from the path.
type s3Call struct {
	*Request
	Bucket, Key string
}

// s3Reply is what an S3 handler answers: a status (200 when zero),
// headers, and an XML document or raw bytes as the body.
type s3Reply struct {
	Status  int
	Headers map[string]string
	XML     any
	Raw     []byte
}

type s3Handler func(x *s3Service, c *s3Call) (*s3Reply, error)

var s3Actions = map[string]s3Handler{
	"ListBuckets":         (*s3Service).listBuckets,
	"CreateBucket":        (*s3Service).createBucket,
	"HeadBucket":          (*s3Service).headBucket,
	"DeleteBucket":        (*s3Service).deleteBucket,
	"GetBucketLocation":   (*s3Service).getBucketLocation,
	"GetBucketVersioning": (*s3Service).getBucketVersioning,
	"PutBucketVersioning": (*s3Service).putBucketVersioning,
	"PutObject":           (*s3Service).putObject,
	"GetObject":           (*s3Service).getObject,
	"HeadObject":          (*s3Service).getObject,
	"DeleteObject":        (*s3Service).deleteObject,
	"DeleteObjects":       (*s3Service).deleteObjects,
	"ListObjectsV2":       (*s3Service).listObjectsV2,
	"ListObjectVersions":  (*s3Service).listObjectVersions,
}

// splitS3Path reads /{bucket}[/{key}] (path-style addressing).
func splitS3Path(path string) (bucket, key string) {
	bucket, key, _ = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	return bucket, key
}

// s3Action names the action of an S3 request from its method, path and
// query; "" for what the simulator does not serve.
func s3Action(r *http.Request) string {
	bucket, key := splitS3Path(r.URL.Path)
	q := r.URL.Query()
	switch {
	case bucket == "":
		return map[string]string{http.MethodGet: "ListBuckets"}[r.Method]
	case key != "":
		return map[string]string{http.MethodPut: "PutObject", http.MethodGet: "GetObject",
			http.MethodHead: "HeadObject", http.MethodDelete: "DeleteObject"}[r.Method]
	}
	return s3BucketAction(r.Method, q.Has)
}

func s3BucketAction(method string, has func(string) bool) string {
	switch method {
	case http.MethodPut:
		if has("versioning") {
			return "PutBucketVersioning"
		}
		return "CreateBucket"
	case http.MethodGet:
		for _, a := range []struct{ param, action string }{{"versioning", "GetBucketVersioning"},
			{"versions", "ListObjectVersions"}, {"location", "GetBucketLocation"}, {"list-type", "ListObjectsV2"}} {
			if has(a.param) {
				return a.action
			}
		}
	case http.MethodHead:
		return "HeadBucket"
	case http.MethodDelete:
		return "DeleteBucket"
	case http.MethodPost:
		if has("delete") {
			return "DeleteObjects"
		}
	}
	return ""
}

// serve runs one S3 call with Sim.mu held. Stacks are settled first, so
// that their buckets are up to the clock.
func (x *s3Service) serve(w http.ResponseWriter, r *Request) {
	h, ok := s3Actions[r.Action]
	if !ok {
		writeS3Error(w, &APIError{Code: "NotImplemented", Message: "the simulator does not serve " + r.HTTP.Method + " " + r.HTTP.URL.String(), Status: http.StatusNotImplemented})
		return
	}
	x.sim.core.Lock()
	defer x.sim.core.Unlock()
	x.sim.cfn.settle()
	c := &s3Call{Request: r}
	c.Bucket, c.Key = splitS3Path(r.HTTP.URL.Path)
	out, err := h(x, c)
	if err != nil {
		e := asAPIError(err)
		if r.HTTP.Method == http.MethodHead {
			w.WriteHeader(statusOf(e)) // HEAD answers carry no body
			return
		}
		writeS3Error(w, e)
		return
	}
	writeS3Reply(w, r.HTTP.Method, out)
}

func writeS3Reply(w http.ResponseWriter, method string, out *s3Reply) {
	body := out.Raw
	if out.XML != nil {
		b, err := xml.Marshal(out.XML)
		if err != nil {
			writeS3Error(w, asAPIError(err))
			return
		}
		body = append([]byte(xml.Header), b...)
		w.Header().Set("Content-Type", "application/xml")
	}
	for k, v := range out.Headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("X-Amz-Request-Id", strings.ToUpper(digest(16, requestID())))
	status := out.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// asAPIError makes any error an APIError (InternalError for the
// unexpected).
func asAPIError(err error) *APIError {
	if e, ok := err.(*APIError); ok {
		return e
	}
	return &APIError{Code: "InternalError", Message: err.Error(), Status: http.StatusInternalServerError}
}

// writeS3Error writes S3's error document: an <Error> root, not the
// <ErrorResponse> wrapper of Query services.
func writeS3Error(w http.ResponseWriter, e *APIError) {
	var out struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		RequestID string   `xml:"RequestId"`
		HostID    string   `xml:"HostId"`
	}
	out.Code, out.Message, out.RequestID, out.HostID = e.Code, e.Message, requestID(), digest(56, "host", requestID())
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(statusOf(e))
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(out)
}

// S3's errors, with its codes, statuses and wording.
func noSuchBucket(name string) *APIError {
	return &APIError{Code: "NoSuchBucket", Message: "The specified bucket does not exist", Status: http.StatusNotFound, Sender: true}
}

func accessDenied() *APIError {
	return &APIError{Code: "AccessDenied", Message: "Access Denied", Status: http.StatusForbidden, Sender: true}
}

func bucketNotEmpty() *APIError {
	return &APIError{Code: "BucketNotEmpty", Message: "The bucket you tried to delete is not empty", Status: http.StatusConflict, Sender: true}
}

func malformedXML() *APIError {
	return Errorf("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
}

// ownBucket returns the caller's bucket named in the call: NoSuchBucket if
// there is none, AccessDenied if another account owns it.
func (x *s3Service) ownBucket(c *s3Call) (*s3Bucket, error) {
	b := x.bucket(c.Bucket)
	switch {
	case b == nil:
		return nil, noSuchBucket(c.Bucket)
	case b.Account != c.Account:
		return nil, accessDenied()
	}
	return b, nil
}

// StateKey names the service's member of the state file.
func (x *s3Service) StateKey() string { return "S3" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *s3Service) Snapshot() any { return x.st }

// Restore reads back what Snapshot returned.
func (x *s3Service) Restore(data json.RawMessage) error {
	var st s3State
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
