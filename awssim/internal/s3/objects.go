package s3

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

func (x *Service) putObject(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	if c.HTTP.Header.Get("X-Amz-Copy-Source") != "" {
		return nil, &simcore.APIError{Code: "NotImplemented", Message: "the simulator does not copy objects", Status: http.StatusNotImplemented}
	}
	body, err := payload(c.HTTP.Header, c.Body)
	if err != nil {
		return nil, simcore.Errorf("IncompleteBody", "The request body terminated unexpectedly")
	}
	v := &s3Version{ID: x.newVersionID(b.Name, c.Key), ETag: etagOf(body), Body: body,
		ContentType: c.HTTP.Header.Get("Content-Type"), Modified: x.core.Now()}
	b.add(c.Key, v)
	x.core.Persist()
	return &s3Reply{Headers: versionHeaders(b, v)}, nil
}

// versionHeaders name the version a call made or read, once the bucket
// has had versioning.
func versionHeaders(b *s3Bucket, v *s3Version) map[string]string {
	h := map[string]string{}
	if v.ETag != "" {
		h["ETag"] = v.ETag
	}
	if b.Versioning != "" {
		h["X-Amz-Version-Id"] = v.ID
	}
	if v.DeleteMarker {
		h["X-Amz-Delete-Marker"] = "true"
	}
	return h
}

// payload is the object's bytes: the body itself, or its chunks when the
// SDK streamed it with aws-chunked encoding (a trailing checksum).
func payload(h http.Header, body []byte) ([]byte, error) {
	if !strings.Contains(h.Get("Content-Encoding"), "aws-chunked") && !strings.HasPrefix(h.Get("X-Amz-Content-Sha256"), "STREAMING-") {
		return body, nil
	}
	var out bytes.Buffer
	r := bufio.NewReader(bytes.NewReader(body))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		size, _, _ := strings.Cut(strings.TrimSpace(line), ";")
		n, err := strconv.ParseInt(size, 16, 64)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return out.Bytes(), nil // trailers follow; the simulator does not check them
		}
		if _, err := io.CopyN(&out, r, n); err != nil {
			return nil, err
		}
		if _, err := r.Discard(2); err != nil { // CRLF
			return nil, err
		}
	}
}

// getObject serves GetObject and HeadObject (the body is dropped for HEAD).
func (x *Service) getObject(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	v := b.current(c.Key)
	if id := c.HTTP.URL.Query().Get("versionId"); id != "" {
		v = b.version(c.Key, id)
	}
	if v == nil || v.DeleteMarker {
		return nil, &simcore.APIError{Code: "NoSuchKey", Message: "The specified key does not exist.", Status: http.StatusNotFound, Sender: true}
	}
	h := versionHeaders(b, v)
	h["Last-Modified"], h["Content-Length"] = lastModified(v.Modified), strconv.Itoa(len(v.Body))
	if v.ContentType != "" {
		h["Content-Type"] = v.ContentType
	}
	return &s3Reply{Headers: h, Raw: v.Body}, nil
}

// version returns one version of key, or nil.
func (b *s3Bucket) version(key, id string) *s3Version {
	for _, v := range b.Objects[key] {
		if v.ID == id {
			return v
		}
	}
	return nil
}

func (x *Service) deleteObject(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	d := x.remove(b, c.Key, c.HTTP.URL.Query().Get("versionId"))
	x.core.Persist()
	h := map[string]string{}
	if d.VersionID != "" {
		h["X-Amz-Version-Id"] = d.VersionID
	}
	if d.DeleteMarker {
		h["X-Amz-Delete-Marker"] = "true"
	}
	return &s3Reply{Status: http.StatusNoContent, Headers: h}, nil
}

// xmlDeleted is one <Deleted> entry of DeleteObjects; it also describes
// what a DeleteObject did.
type xmlDeleted struct {
	Key                   string `xml:"Key"`
	VersionID             string `xml:"VersionId,omitempty"`
	DeleteMarker          bool   `xml:"DeleteMarker,omitempty"`
	DeleteMarkerVersionID string `xml:"DeleteMarkerVersionId,omitempty"`
}

// remove deletes a version of key (id set), or else the current object:
// with versioning, by adding a delete marker; without, for good. Deleting
// what does not exist succeeds, as in S3.
func (x *Service) remove(b *s3Bucket, key, id string) xmlDeleted {
	d := xmlDeleted{Key: key}
	if id != "" {
		d.VersionID = id
		if v := b.removeVersion(key, id); v != nil && v.DeleteMarker {
			d.DeleteMarker, d.DeleteMarkerVersionID = true, id
		}
		return d
	}
	if b.Versioning == "" {
		b.removeVersion(key, "null")
		return d
	}
	m := &s3Version{ID: x.newVersionID(b.Name, key), DeleteMarker: true, Modified: x.core.Now()}
	b.add(key, m)
	d.DeleteMarker, d.DeleteMarkerVersionID, d.VersionID = true, m.ID, m.ID
	return d
}

// s3MaxDelete is the most keys one DeleteObjects call takes.
const s3MaxDelete = 1000

func (x *Service) deleteObjects(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	if !hasIntegrityHeader(c.HTTP.Header) {
		return nil, simcore.Errorf("InvalidRequest", "Missing required header for this request: Content-MD5")
	}
	var in struct {
		Quiet   bool
		Objects []struct {
			Key       string
			VersionID string `xml:"VersionId"`
		} `xml:"Object"`
	}
	body, err := payload(c.HTTP.Header, c.Body)
	if err != nil || xml.Unmarshal(body, &in) != nil || len(in.Objects) == 0 || len(in.Objects) > s3MaxDelete {
		return nil, malformedXML()
	}
	out := struct {
		XMLName xml.Name     `xml:"DeleteResult"`
		XMLNS   string       `xml:"xmlns,attr"`
		Deleted []xmlDeleted `xml:"Deleted"`
	}{XMLNS: s3XMLNS}
	for _, o := range in.Objects {
		if d := x.remove(b, o.Key, o.VersionID); !in.Quiet {
			out.Deleted = append(out.Deleted, d)
		}
	}
	x.core.Persist()
	return &s3Reply{XML: out}, nil
}

// hasIntegrityHeader reports whether a request carries the Content-MD5 or
// a flexible checksum that S3 requires of DeleteObjects.
func hasIntegrityHeader(h http.Header) bool {
	if h.Get("Content-Md5") != "" || h.Get("X-Amz-Sdk-Checksum-Algorithm") != "" || h.Get("X-Amz-Trailer") != "" {
		return true
	}
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
			return true
		}
	}
	return false
}
