package s3

import (
	"encoding/base64"
	"encoding/xml"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// s3MaxKeys is the most entries one list call returns.
const s3MaxKeys = 1000

// maxKeysOf reads max-keys: 1000 when absent, never more.
func maxKeysOf(c *s3Call) (int, error) {
	s := c.HTTP.URL.Query().Get("max-keys")
	if s == "" {
		return s3MaxKeys, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, simcore.Errorf("InvalidArgument", "Provided max-keys not an integer or within integer range")
	}
	return min(n, s3MaxKeys), nil
}

type xmlObject struct {
	Key          string `xml:"Key"`
	LastModified string `xml:"LastModified"`
	ETag         string `xml:"ETag"`
	Size         int    `xml:"Size"`
	StorageClass string `xml:"StorageClass"`
}

type xmlPrefix struct {
	Prefix string `xml:"Prefix"`
}

type xmlListV2 struct {
	XMLName               xml.Name    `xml:"ListBucketResult"`
	XMLNS                 string      `xml:"xmlns,attr"`
	Name                  string      `xml:"Name"`
	Prefix                string      `xml:"Prefix"`
	Delimiter             string      `xml:"Delimiter,omitempty"`
	StartAfter            string      `xml:"StartAfter,omitempty"`
	ContinuationToken     string      `xml:"ContinuationToken,omitempty"`
	NextContinuationToken string      `xml:"NextContinuationToken,omitempty"`
	KeyCount              int         `xml:"KeyCount"`
	MaxKeys               int         `xml:"MaxKeys"`
	IsTruncated           bool        `xml:"IsTruncated"`
	Contents              []xmlObject `xml:"Contents"`
	CommonPrefixes        []xmlPrefix `xml:"CommonPrefixes"`
}

// listObjectsV2 lists current objects in key order, with Prefix,
// Delimiter, StartAfter and pages of MaxKeys; the continuation token is
// the last key or common prefix returned, encoded.
func (x *Service) listObjectsV2(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	q := c.HTTP.URL.Query()
	max, err := maxKeysOf(c)
	if err != nil {
		return nil, err
	}
	out := xmlListV2{XMLNS: s3XMLNS, Name: b.Name, Prefix: q.Get("prefix"), Delimiter: q.Get("delimiter"),
		StartAfter: q.Get("start-after"), ContinuationToken: q.Get("continuation-token"), MaxKeys: max}
	after := out.StartAfter
	if out.ContinuationToken != "" {
		t, err := base64.RawURLEncoding.DecodeString(out.ContinuationToken)
		if err != nil {
			return nil, simcore.Errorf("InvalidArgument", "The continuation token provided is incorrect")
		}
		after = string(t)
	}
	out.fill(b, after)
	return &s3Reply{XML: out}, nil
}

// fill adds the entries (keys, or the common prefixes they roll up into)
// that sort after after, up to MaxKeys.
func (out *xmlListV2) fill(b *s3Bucket, after string) {
	last := ""
	for _, k := range b.keys() {
		v := b.current(k)
		if v == nil || !strings.HasPrefix(k, out.Prefix) {
			continue
		}
		entry := k
		cp := commonPrefix(k, out.Prefix, out.Delimiter)
		if cp != "" {
			entry = cp
		}
		if entry <= after || entry == last {
			continue
		}
		if out.KeyCount == out.MaxKeys {
			out.IsTruncated = true
			out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(last))
			return
		}
		out.KeyCount, last = out.KeyCount+1, entry
		if cp != "" {
			out.CommonPrefixes = append(out.CommonPrefixes, xmlPrefix{cp})
			continue
		}
		out.Contents = append(out.Contents, xmlObject{Key: k, LastModified: v.Modified.UTC().Format(s3Time),
			ETag: v.ETag, Size: len(v.Body), StorageClass: "STANDARD"})
	}
}

// commonPrefix is the prefix a key rolls up into under a delimiter, or "".
func commonPrefix(key, prefix, delim string) string {
	if delim == "" {
		return ""
	}
	if i := strings.Index(key[len(prefix):], delim); i >= 0 {
		return key[:len(prefix)+i+len(delim)]
	}
	return ""
}

type xmlVersionEntry struct {
	XMLName      xml.Name
	Key          string   `xml:"Key"`
	VersionID    string   `xml:"VersionId"`
	IsLatest     bool     `xml:"IsLatest"`
	LastModified string   `xml:"LastModified"`
	ETag         string   `xml:"ETag,omitempty"`
	Size         *int     `xml:"Size"`
	StorageClass string   `xml:"StorageClass,omitempty"`
	Owner        xmlOwner `xml:"Owner"`
}

type xmlVersionList struct {
	XMLName             xml.Name `xml:"ListVersionsResult"`
	XMLNS               string   `xml:"xmlns,attr"`
	Name                string   `xml:"Name"`
	Prefix              string   `xml:"Prefix"`
	KeyMarker           string   `xml:"KeyMarker"`
	VersionIDMarker     string   `xml:"VersionIdMarker"`
	NextKeyMarker       string   `xml:"NextKeyMarker,omitempty"`
	NextVersionIDMarker string   `xml:"NextVersionIdMarker,omitempty"`
	MaxKeys             int      `xml:"MaxKeys"`
	IsTruncated         bool     `xml:"IsTruncated"`
	// Entries are <Version> and <DeleteMarker> elements, interleaved in
	// S3's order: by key, then newest first.
	Entries []xmlVersionEntry
}

// listObjectVersions lists every version and delete marker, by key and
// newest first, from after KeyMarker (and VersionIdMarker, within that
// key), in pages of MaxKeys.
func (x *Service) listObjectVersions(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	q := c.HTTP.URL.Query()
	max, err := maxKeysOf(c)
	if err != nil {
		return nil, err
	}
	out := xmlVersionList{XMLNS: s3XMLNS, Name: b.Name, Prefix: q.Get("prefix"), KeyMarker: q.Get("key-marker"),
		VersionIDMarker: q.Get("version-id-marker"), MaxKeys: max}
	skipping := out.VersionIDMarker != ""
	for _, k := range b.keys() {
		if !strings.HasPrefix(k, out.Prefix) || k < out.KeyMarker || (k == out.KeyMarker && !skipping) {
			continue
		}
		vs := b.Objects[k]
		for i := len(vs) - 1; i >= 0; i-- {
			if k == out.KeyMarker && skipping {
				skipping = vs[i].ID != out.VersionIDMarker
				continue
			}
			if len(out.Entries) == max {
				out.IsTruncated = true
				last := out.Entries[len(out.Entries)-1]
				out.NextKeyMarker, out.NextVersionIDMarker = last.Key, last.VersionID
				return &s3Reply{XML: out}, nil
			}
			out.Entries = append(out.Entries, versionEntry(b, k, vs[i], i == len(vs)-1))
		}
	}
	return &s3Reply{XML: out}, nil
}

func versionEntry(b *s3Bucket, key string, v *s3Version, latest bool) xmlVersionEntry {
	e := xmlVersionEntry{XMLName: xml.Name{Local: "Version"}, Key: key, VersionID: v.ID, IsLatest: latest,
		LastModified: v.Modified.UTC().Format(s3Time), Owner: xmlOwner{ID: ownerID(b.Account)}}
	if v.DeleteMarker {
		e.XMLName.Local = "DeleteMarker"
		return e
	}
	size := len(v.Body)
	e.ETag, e.Size, e.StorageClass = v.ETag, &size, "STANDARD"
	return e
}
