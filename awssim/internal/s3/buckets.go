package s3

import (
	"encoding/xml"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"time"

	"flightplan/awssim/internal/simcore"
)

// s3Time is how S3 writes times in XML documents.
const s3Time = "2006-01-02T15:04:05.000Z"

// bucketName is S3's rule for a general purpose bucket's name.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// ipLike is a name formatted as an IP address, which S3 refuses.
var ipLike = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)

type xmlOwner struct {
	ID string `xml:"ID"`
}

type xmlBucketList struct {
	XMLName xml.Name      `xml:"ListAllMyBucketsResult"`
	XMLNS   string        `xml:"xmlns,attr"`
	Owner   xmlOwner      `xml:"Owner"`
	Buckets []xmlBucketID `xml:"Buckets>Bucket"`
}

type xmlBucketID struct {
	Name         string `xml:"Name"`
	CreationDate string `xml:"CreationDate"`
	BucketRegion string `xml:"BucketRegion"`
}

func (x *Service) listBuckets(c *s3Call) (*s3Reply, error) {
	out := xmlBucketList{XMLNS: s3XMLNS, Owner: xmlOwner{ID: ownerID(c.Account)}}
	for _, name := range slices.Sorted(maps.Keys(x.st.Buckets)) {
		if b := x.st.Buckets[name]; b.Account == c.Account {
			out.Buckets = append(out.Buckets, xmlBucketID{Name: b.Name, CreationDate: b.Created.UTC().Format(s3Time), BucketRegion: b.Region})
		}
	}
	return &s3Reply{XML: out}, nil
}

func (x *Service) createBucket(c *s3Call) (*s3Reply, error) {
	if !bucketName.MatchString(c.Bucket) || ipLike.MatchString(c.Bucket) {
		return nil, simcore.Errorf("InvalidBucketName", "The specified bucket is not valid.")
	}
	if err := checkLocation(c); err != nil {
		return nil, err
	}
	if b := x.bucket(c.Bucket); b != nil {
		return x.bucketTaken(c, b)
	}
	x.addBucket(&s3Bucket{Name: c.Bucket, Account: c.Account, Region: c.Region, Created: x.core.Now()})
	x.core.Persist()
	return &s3Reply{Headers: map[string]string{"Location": "/" + c.Bucket}}, nil
}

// checkLocation refuses a LocationConstraint that is not the region the
// call was sent to; only us-east-1 takes none.
func checkLocation(c *s3Call) error {
	var in struct {
		LocationConstraint string
	}
	if len(c.Body) > 0 && xml.Unmarshal(c.Body, &in) != nil {
		return malformedXML()
	}
	switch in.LocationConstraint {
	case c.Region:
		if c.Region == "us-east-1" {
			return simcore.Errorf("InvalidLocationConstraint", "The specified location-constraint is not valid")
		}
		return nil
	case "":
		if c.Region == "us-east-1" {
			return nil
		}
		return simcore.Errorf("IllegalLocationConstraintException", "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.")
	}
	return simcore.Errorf("IllegalLocationConstraintException", "The %s location constraint is incompatible for the region specific endpoint this request was sent to.", in.LocationConstraint)
}

// bucketTaken answers a CreateBucket of a name in use: 200 for the owner
// in us-east-1 (S3's legacy behaviour), else one of two conflicts.
func (x *Service) bucketTaken(c *s3Call, b *s3Bucket) (*s3Reply, error) {
	switch {
	case b.Account != c.Account:
		return nil, &simcore.APIError{Code: "BucketAlreadyExists", Status: http.StatusConflict, Sender: true,
			Message: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."}
	case c.Region == "us-east-1" && b.Region == "us-east-1":
		return &s3Reply{Headers: map[string]string{"Location": "/" + c.Bucket}}, nil
	}
	return nil, &simcore.APIError{Code: "BucketAlreadyOwnedByYou", Status: http.StatusConflict, Sender: true,
		Message: "Your previous request to create the named bucket succeeded and you already own it."}
}

func (x *Service) headBucket(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	return &s3Reply{Headers: map[string]string{"X-Amz-Bucket-Region": b.Region}}, nil
}

// deleteBucket deletes an empty bucket. A stack's bucket may be deleted
// too, as in AWS: CloudFormation's deletion of it then finds it gone and
// succeeds.
func (x *Service) deleteBucket(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	if b.versionCount() > 0 {
		return nil, bucketNotEmpty()
	}
	delete(x.st.Buckets, b.Name)
	x.core.Persist()
	return &s3Reply{Status: http.StatusNoContent}, nil
}

func (x *Service) getBucketLocation(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	out := struct {
		XMLName xml.Name `xml:"LocationConstraint"`
		XMLNS   string   `xml:"xmlns,attr"`
		Value   string   `xml:",chardata"`
	}{XMLNS: s3XMLNS}
	if b.Region != "us-east-1" {
		out.Value = b.Region
	}
	return &s3Reply{XML: out}, nil
}

type xmlVersioning struct {
	XMLName xml.Name `xml:"VersioningConfiguration"`
	XMLNS   string   `xml:"xmlns,attr,omitempty"`
	Status  string   `xml:"Status,omitempty"`
}

func (x *Service) getBucketVersioning(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	return &s3Reply{XML: xmlVersioning{XMLNS: s3XMLNS, Status: b.Versioning}}, nil
}

func (x *Service) putBucketVersioning(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	var in xmlVersioning
	if xml.Unmarshal(c.Body, &in) != nil || (in.Status != "Enabled" && in.Status != "Suspended") {
		return nil, malformedXML()
	}
	b.Versioning = in.Status
	x.core.Persist()
	return &s3Reply{}, nil
}

// lastModified is how S3 writes a time in a header.
func lastModified(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

type xmlTagging struct {
	XMLName xml.Name    `xml:"Tagging"`
	XMLNS   string      `xml:"xmlns,attr"`
	TagSet  []bucketTag `xml:"TagSet>Tag"`
}

// getBucketTagging answers the bucket's tag set, or NoSuchTagSet when it
// has none.
func (x *Service) getBucketTagging(c *s3Call) (*s3Reply, error) {
	b, err := x.ownBucket(c)
	if err != nil {
		return nil, err
	}
	if len(b.Tags) == 0 {
		return nil, &simcore.APIError{Code: "NoSuchTagSet", Message: "The TagSet does not exist", Status: http.StatusNotFound}
	}
	return &s3Reply{XML: xmlTagging{XMLNS: s3XMLNS, TagSet: b.Tags}}, nil
}
