package s3

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "s3", Protocol: simcore.ProtocolREST, ServeREST: x.serve, RESTAction: s3Action, WriteError: writeS3Error}
}

// s3Call is one S3 request with its bucket and key read from the path.
type s3Call struct {
	*simcore.Request
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

type s3Handler func(x *Service, c *s3Call) (*s3Reply, error)

var s3Actions = map[string]s3Handler{
	"ListBuckets":         (*Service).listBuckets,
	"CreateBucket":        (*Service).createBucket,
	"HeadBucket":          (*Service).headBucket,
	"DeleteBucket":        (*Service).deleteBucket,
	"GetBucketLocation":   (*Service).getBucketLocation,
	"GetBucketVersioning": (*Service).getBucketVersioning,
	"PutBucketVersioning": (*Service).putBucketVersioning,
	"GetBucketTagging":    (*Service).getBucketTagging,
	"PutObject":           (*Service).putObject,
	"GetObject":           (*Service).getObject,
	"HeadObject":          (*Service).getObject,
	"DeleteObject":        (*Service).deleteObject,
	"DeleteObjects":       (*Service).deleteObjects,
	"ListObjectsV2":       (*Service).listObjectsV2,
	"ListObjectVersions":  (*Service).listObjectVersions,
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
			{"versions", "ListObjectVersions"}, {"location", "GetBucketLocation"}, {"list-type", "ListObjectsV2"},
			{"tagging", "GetBucketTagging"}} {
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

// serve runs one S3 call with the core's lock held. Stacks are settled first, so
// that their buckets are up to the clock.
func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	h, ok := s3Actions[r.Action]
	if !ok {
		writeS3Error(w, &simcore.APIError{Code: "NotImplemented", Message: "the simulator does not serve " + r.HTTP.Method + " " + r.HTTP.URL.String(), Status: http.StatusNotImplemented})
		return
	}
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	c := &s3Call{Request: r}
	c.Bucket, c.Key = splitS3Path(r.HTTP.URL.Path)
	out, err := h(x, c)
	if err != nil {
		e := asAPIError(err)
		if r.HTTP.Method == http.MethodHead {
			w.WriteHeader(e.HTTPStatus()) // HEAD answers carry no body
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
	w.Header().Set("X-Amz-Request-Id", strings.ToUpper(simcore.Digest(16, simcore.RequestID())))
	status := out.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	if method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// asAPIError makes any error an simcore.APIError (InternalError for the
// unexpected).
func asAPIError(err error) *simcore.APIError {
	if e, ok := err.(*simcore.APIError); ok {
		return e
	}
	return &simcore.APIError{Code: "InternalError", Message: err.Error(), Status: http.StatusInternalServerError}
}

// writeS3Error writes S3's error document: an <Error> root, not the
// <ErrorResponse> wrapper of Query services.
func writeS3Error(w http.ResponseWriter, e *simcore.APIError) {
	var out struct {
		XMLName   xml.Name `xml:"Error"`
		Code      string   `xml:"Code"`
		Message   string   `xml:"Message"`
		RequestID string   `xml:"RequestId"`
		HostID    string   `xml:"HostId"`
	}
	out.Code, out.Message, out.RequestID, out.HostID = e.Code, e.Message, simcore.RequestID(), simcore.Digest(56, "host", simcore.RequestID())
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(e.HTTPStatus())
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(out)
}

// S3's errors, with its codes, statuses and wording.
func noSuchBucket(name string) *simcore.APIError {
	return &simcore.APIError{Code: "NoSuchBucket", Message: "The specified bucket does not exist", Status: http.StatusNotFound, Sender: true}
}

func accessDenied() *simcore.APIError {
	return &simcore.APIError{Code: "AccessDenied", Message: "Access Denied", Status: http.StatusForbidden, Sender: true}
}

func bucketNotEmpty() *simcore.APIError {
	return &simcore.APIError{Code: "BucketNotEmpty", Message: "The bucket you tried to delete is not empty", Status: http.StatusConflict, Sender: true}
}

func malformedXML() *simcore.APIError {
	return simcore.Errorf("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema")
}

// ownBucket returns the caller's bucket named in the call: NoSuchBucket if
// there is none, AccessDenied if another account owns it.
func (x *Service) ownBucket(c *s3Call) (*s3Bucket, error) {
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
func (x *Service) StateKey() string { return "S3" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *Service) Snapshot() any { return x.st }

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	var st s3State
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
