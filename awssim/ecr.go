package awssim

import (
	"encoding/json"
	"sort"
	"time"
)

// ECR, over AWS JSON 1.1 (X-Amz-Target AmazonEC2ContainerRegistry_V20150921.
// Action), signing name ecr.
//
// Simulated ECR holds repositories and the images pushed to them: an image
// is a manifest (its digest is the manifest's sha256) with any number of
// tags. There are no layers and no registry to push to: PutImage is how a
// test, or a fake image pusher, says "this tag now exists", and what
// DescribeImages and ListImages then report. GetAuthorizationToken returns
// a token in AWS's shape (base64 of "AWS:<password>") with the registry's
// proxy endpoint, good for twelve hours.
//
// Repositories are made by CloudFormation (ecr_stack.go): an
// AWS::ECR::Repository resource becomes a repository, named by its physical
// ID, in the stack's account and region when its creation completes, and
// goes, with its images, when its deletion completes (EmptyOnDelete, which
// flightplan's templates set; the simulator does not fail the deletion of
// a non-empty repository without it). There is no CreateRepository.
// Everything lives in ecrState and is persisted with the rest of the state.

// ecrTarget is the X-Amz-Target prefix of ECR's actions.
const ecrTarget = "AmazonEC2ContainerRegistry_V20150921"

// ecrService holds the repositories. Its state is guarded by Sim.mu.
type ecrService struct {
	sim *Sim
	st  *ecrState
}

// ecrState is every repository, by "account/region/name".
type ecrState struct {
	Repos map[string]*ecrRepo `json:"repos,omitempty"`
}

// ecrRepo is one repository and its images.
type ecrRepo struct {
	Name    string    `json:"name"`
	Account string    `json:"account"`
	Region  string    `json:"region"`
	Created time.Time `json:"created"`
	// Stack is the ID of the stack whose resource the repository is.
	Stack  string      `json:"stack,omitempty"`
	Images []*ecrImage `json:"images,omitempty"`
}

// ecrImage is one manifest in a repository and its tags.
type ecrImage struct {
	Digest    string    `json:"digest"`
	Manifest  string    `json:"manifest"`
	MediaType string    `json:"mediaType,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Pushed    time.Time `json:"pushed"`
}

type ecrHandler struct {
	serve   func(x *ecrService, c *ecrCall) (any, error)
	mutates bool
}

var ecrHandlers = map[string]ecrHandler{
	"GetAuthorizationToken": {(*ecrService).getAuthorizationToken, false},
	"DescribeImages":        {(*ecrService).describeImages, false},
	"ListImages":            {(*ecrService).listImages, false},
	"PutImage":              {(*ecrService).putImage, true},
	"BatchDeleteImage":      {(*ecrService).batchDeleteImage, true},
}

// ecrCall is one ECR call.
type ecrCall struct {
	*Request
	now time.Time
}

func newECR(s *Sim) *ecrService { return &ecrService{sim: s, st: &ecrState{}} }

// API says how calls reach the service.
func (x *ecrService) API() Service {
	return Service{Name: "ecr", Protocol: ProtocolJSON, Handle: x.handle}
}

// handle runs one action atomically under Sim.mu and persists the state
// after a successful change.
func (x *ecrService) handle(r *Request) (any, error) {
	h, ok := ecrHandlers[r.Action]
	if !ok {
		return nil, Errorf("UnknownOperationException", "")
	}
	x.sim.core.Lock()
	defer x.sim.core.Unlock()
	x.sim.cfn.settle() // the repositories of stacks are those of their resources by now
	out, err := h.serve(x, &ecrCall{Request: r, now: x.sim.core.Now().UTC()})
	if err == nil && h.mutates {
		x.sim.core.Persist()
	}
	return out, err
}

// decode unmarshals the JSON body of c into in.
func (c *ecrCall) decode(in any) error {
	if len(c.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, in); err != nil {
		return Errorf("SerializationException", "%s", err.Error())
	}
	return nil
}

// registry is the registry a call names, or the caller's account.
func (c *ecrCall) registry(id string) string {
	if id != "" {
		return id
	}
	return c.Account
}

func ecrKey(account, region, name string) string { return account + "/" + region + "/" + name }

// repo returns a repository, or nil.
func (x *ecrService) repo(account, region, name string) *ecrRepo {
	return x.st.Repos[ecrKey(account, region, name)]
}

// addRepo records a new repository.
func (x *ecrService) addRepo(r *ecrRepo) {
	if x.st.Repos == nil {
		x.st.Repos = map[string]*ecrRepo{}
	}
	x.st.Repos[ecrKey(r.Account, r.Region, r.Name)] = r
}

// lookup returns the repository a call names, or RepositoryNotFoundException
// with ECR's message.
func (x *ecrService) lookup(c *ecrCall, registryID, name string) (*ecrRepo, error) {
	reg := c.registry(registryID)
	if r := x.repo(reg, c.Region, name); r != nil {
		return r, nil
	}
	return nil, Errorf("RepositoryNotFoundException",
		"The repository with name '%s' does not exist in the registry with id '%s'", name, reg)
}

// byTag returns the image holding a tag, or nil.
func (r *ecrRepo) byTag(tag string) *ecrImage {
	for _, im := range r.Images {
		for _, t := range im.Tags {
			if t == tag {
				return im
			}
		}
	}
	return nil
}

// byDigest returns the image of a digest, or nil.
func (r *ecrRepo) byDigest(d string) *ecrImage {
	for _, im := range r.Images {
		if im.Digest == d {
			return im
		}
	}
	return nil
}

// untag removes a tag from whichever image holds it.
func (r *ecrRepo) untag(tag string) {
	for _, im := range r.Images {
		for i, t := range im.Tags {
			if t == tag {
				im.Tags = append(im.Tags[:i:i], im.Tags[i+1:]...)
				return
			}
		}
	}
}

// sortedTags are an image's tags, sorted, for stable answers.
func (im *ecrImage) sortedTags() []string {
	out := append([]string(nil), im.Tags...)
	sort.Strings(out)
	return out
}

// StateKey names the service's member of the state file.
func (x *ecrService) StateKey() string { return "ECR" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *ecrService) Snapshot() any { return x.st }

// Restore reads back what Snapshot returned.
func (x *ecrService) Restore(data json.RawMessage) error {
	var st ecrState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
