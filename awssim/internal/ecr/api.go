package ecr

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"time"

	"flightplan/awssim/internal/simcore"
)

// The ECR actions.

// ecrImageID names an image by digest, tag or both.
type ecrImageID struct {
	ImageDigest string `json:"imageDigest,omitempty"`
	ImageTag    string `json:"imageTag,omitempty"`
}

// ecrRepoIn is the part of every image call that names the repository.
type ecrRepoIn struct {
	RegistryID     string `json:"registryId"`
	RepositoryName string `json:"repositoryName"`
}

// decodeRepo decodes a call's input into in, whose embedded ecrRepoIn is
// id, and finds the repository it names.
func (x *Service) decodeRepo(c *ecrCall, in any, id *ecrRepoIn) (*ecrRepo, error) {
	if err := c.decode(in); err != nil {
		return nil, err
	}
	return x.lookup(c, id.RegistryID, id.RepositoryName)
}

func (x *Service) getAuthorizationToken(c *ecrCall) (any, error) {
	var in struct{ RegistryIds []string }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	reg := c.Account
	if len(in.RegistryIds) > 0 {
		reg = in.RegistryIds[0]
	}
	password := "sim-" + simcore.Digest(40, reg, c.Region, c.now.Format(time.RFC3339Nano))
	return map[string]any{"authorizationData": []any{map[string]any{
		"authorizationToken": base64.StdEncoding.EncodeToString([]byte("AWS:" + password)),
		"expiresAt":          simcore.Epoch(c.now.Add(12 * time.Hour)),
		"proxyEndpoint":      "https://" + reg + ".dkr.ecr." + c.Region + ".amazonaws.com",
	}}}, nil
}

func (x *Service) describeImages(c *ecrCall) (any, error) {
	var in struct {
		ecrRepoIn
		ImageIDs   []ecrImageID `json:"imageIds"`
		NextToken  string       `json:"nextToken"`
		MaxResults int          `json:"maxResults"`
	}
	r, err := x.decodeRepo(c, &in, &in.ecrRepoIn)
	if err != nil {
		return nil, err
	}
	var found []*ecrImage
	if len(in.ImageIDs) == 0 {
		found = r.Images
	}
	for _, id := range in.ImageIDs {
		im := r.find(id)
		if im == nil {
			return nil, simcore.Errorf("ImageNotFoundException",
				"The image with imageId {imageDigest:'%s', imageTag:'%s'} does not exist within the repository with name '%s' in the registry with id '%s'",
				orNull(id.ImageDigest), orNull(id.ImageTag), r.Name, r.Account)
		}
		found = append(found, im)
	}
	page, next, err := pageOf(found, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	details := make([]any, 0, len(page))
	for _, im := range page {
		details = append(details, r.detail(im))
	}
	return map[string]any{"imageDetails": details, "nextToken": next}, nil
}

func (x *Service) listImages(c *ecrCall) (any, error) {
	var in struct {
		ecrRepoIn
		NextToken  string `json:"nextToken"`
		MaxResults int    `json:"maxResults"`
	}
	r, err := x.decodeRepo(c, &in, &in.ecrRepoIn)
	if err != nil {
		return nil, err
	}
	var ids []ecrImageID
	for _, im := range r.Images {
		if len(im.Tags) == 0 {
			ids = append(ids, ecrImageID{ImageDigest: im.Digest})
		}
		for _, t := range im.sortedTags() {
			ids = append(ids, ecrImageID{ImageDigest: im.Digest, ImageTag: t})
		}
	}
	page, next, err := pageOf(ids, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	return map[string]any{"imageIds": page, "nextToken": next}, nil
}

func (x *Service) putImage(c *ecrCall) (any, error) {
	var in struct {
		ecrRepoIn
		ImageManifest string `json:"imageManifest"`
		MediaType     string `json:"imageManifestMediaType"`
		ImageTag      string `json:"imageTag"`
		ImageDigest   string `json:"imageDigest"`
	}
	r, err := x.decodeRepo(c, &in, &in.ecrRepoIn)
	if err != nil {
		return nil, err
	}
	if in.ImageManifest == "" {
		return nil, simcore.Errorf("InvalidParameterException", "Invalid parameter at 'imageManifest' failed to satisfy constraint: 'Member must not be null'")
	}
	sum := sha256.Sum256([]byte(in.ImageManifest))
	d := "sha256:" + hex.EncodeToString(sum[:])
	if in.ImageDigest != "" && in.ImageDigest != d {
		return nil, simcore.Errorf("ImageDigestDoesNotMatchException", "Provided digest does not match the digest of the manifest")
	}
	im := r.byDigest(d)
	if im != nil && (in.ImageTag == "" || slices.Contains(im.Tags, in.ImageTag)) {
		return nil, simcore.Errorf("ImageAlreadyExistsException",
			"Image with digest '%s' and tag '%s' already exists in the repository with name '%s' in the registry with id '%s'",
			d, in.ImageTag, r.Name, r.Account)
	}
	if im == nil {
		im = &ecrImage{Digest: d, Manifest: in.ImageManifest, MediaType: in.MediaType, Pushed: c.now}
		r.Images = append(r.Images, im)
	}
	if in.ImageTag != "" {
		r.untag(in.ImageTag) // a tag moves to the new image
		im.Tags = append(im.Tags, in.ImageTag)
	}
	return map[string]any{"image": map[string]any{
		"registryId": r.Account, "repositoryName": r.Name, "imageManifest": im.Manifest,
		"imageManifestMediaType": im.MediaType, "imageId": ecrImageID{ImageDigest: d, ImageTag: in.ImageTag},
	}}, nil
}

func (x *Service) batchDeleteImage(c *ecrCall) (any, error) {
	var in struct {
		ecrRepoIn
		ImageIDs []ecrImageID `json:"imageIds"`
	}
	r, err := x.decodeRepo(c, &in, &in.ecrRepoIn)
	if err != nil {
		return nil, err
	}
	deleted, failures := []any{}, []any{}
	for _, id := range in.ImageIDs {
		im := r.find(id)
		if im == nil {
			failures = append(failures, map[string]any{"imageId": id, "failureCode": "ImageNotFound", "failureReason": "Requested image not found"})
			continue
		}
		deleted = append(deleted, ecrImageID{ImageDigest: im.Digest, ImageTag: id.ImageTag})
		r.remove(im, id)
	}
	return map[string]any{"imageIds": deleted, "failures": failures}, nil
}

// find returns the image an ID names (both parts must match when both are
// given), or nil.
func (r *ecrRepo) find(id ecrImageID) *ecrImage {
	var im *ecrImage
	switch {
	case id.ImageTag != "":
		im = r.byTag(id.ImageTag)
	case id.ImageDigest != "":
		im = r.byDigest(id.ImageDigest)
	}
	if im != nil && id.ImageDigest != "" && im.Digest != id.ImageDigest {
		return nil
	}
	return im
}

// remove deletes what an ID names: by tag, the tag (and the image once it
// has none left), as ECR does; by digest alone, the image and all its tags.
func (r *ecrRepo) remove(im *ecrImage, id ecrImageID) {
	if id.ImageTag != "" {
		r.untag(id.ImageTag)
		if len(im.Tags) > 0 {
			return
		}
	}
	for i, o := range r.Images {
		if o == im {
			r.Images = append(r.Images[:i:i], r.Images[i+1:]...)
			return
		}
	}
}

// detail is an image as DescribeImages reports it.
func (r *ecrRepo) detail(im *ecrImage) map[string]any {
	d := map[string]any{
		"registryId": r.Account, "repositoryName": r.Name, "imageDigest": im.Digest,
		"imageSizeInBytes": len(im.Manifest), "imagePushedAt": simcore.Epoch(im.Pushed),
	}
	if len(im.Tags) > 0 {
		d["imageTags"] = im.sortedTags()
	}
	if im.MediaType != "" {
		d["imageManifestMediaType"] = im.MediaType
	}
	return d
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}

// pageOf returns the page of items a NextToken names, at most max (1 to
// 1000, default 100), and the token of the next page ("" after the last).
func pageOf[T any](items []T, token string, max int) ([]T, string, error) {
	if max <= 0 || max > 1000 {
		max = 100
	}
	offset, ok := simcore.PageOffset(token)
	if !ok {
		return nil, "", simcore.Errorf("InvalidParameterException", "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Member must be a token this API returned'")
	}
	lo, hi, next := simcore.Page(len(items), offset, max)
	return items[lo:hi], next, nil
}
