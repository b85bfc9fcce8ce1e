package ecr

import (
	"encoding/json"
	"sort"
	"time"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// ecrTarget is the X-Amz-Target prefix of ECR's actions.
const ecrTarget = "AmazonEC2ContainerRegistry_V20150921"

// Service holds the repositories. Its state is guarded by the core's lock.
// It takes part in stack operations as a cfn.Provider (stack.go).
type Service struct {
	cfn.NopProvider
	core   *simcore.Core
	stacks Stacks
	st     *ecrState
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
	serve   func(x *Service, c *ecrCall) (any, error)
	mutates bool
}

var ecrHandlers = map[string]ecrHandler{
	"GetAuthorizationToken": {(*Service).getAuthorizationToken, false},
	"DescribeImages":        {(*Service).describeImages, false},
	"DescribeRepositories":  {(*Service).describeRepositories, false},
	"ListImages":            {(*Service).listImages, false},
	"PutImage":              {(*Service).putImage, true},
	"BatchDeleteImage":      {(*Service).batchDeleteImage, true},
}

// ecrCall is one ECR call.
type ecrCall struct {
	*simcore.Request
	now time.Time
}

// Stacks is what ECR asks of CloudFormation: to bring every stack up to the
// clock, so that the repositories of stacks are those of their resources.
type Stacks interface {
	// Settle is called with the lock held.
	Settle()
}

// New returns an ECR with no repositories on core.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &ecrState{}}
}

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "ecr", Protocol: simcore.ProtocolJSON, Handle: x.handle}
}

// handle runs one action atomically under the core's lock and persists the state
// after a successful change.
func (x *Service) handle(r *simcore.Request) (any, error) {
	h, ok := ecrHandlers[r.Action]
	if !ok {
		return nil, simcore.Errorf("UnknownOperationException", "")
	}
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle() // the repositories of stacks are those of their resources by now
	out, err := h.serve(x, &ecrCall{Request: r, now: x.core.Now().UTC()})
	if err == nil && h.mutates {
		x.core.Persist()
	}
	return out, err
}

// decode unmarshals the JSON body of c into in.
func (c *ecrCall) decode(in any) error {
	if len(c.Body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, in); err != nil {
		return simcore.Errorf("SerializationException", "%s", err.Error())
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
func (x *Service) repo(account, region, name string) *ecrRepo {
	return x.st.Repos[ecrKey(account, region, name)]
}

// addRepo records a new repository.
func (x *Service) addRepo(r *ecrRepo) {
	if x.st.Repos == nil {
		x.st.Repos = map[string]*ecrRepo{}
	}
	x.st.Repos[ecrKey(r.Account, r.Region, r.Name)] = r
}

// lookup returns the repository a call names, or RepositoryNotFoundException
// with ECR's message.
func (x *Service) lookup(c *ecrCall, registryID, name string) (*ecrRepo, error) {
	reg := c.registry(registryID)
	if r := x.repo(reg, c.Region, name); r != nil {
		return r, nil
	}
	return nil, simcore.Errorf("RepositoryNotFoundException",
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
func (x *Service) StateKey() string { return "ECR" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *Service) Snapshot() any { return x.st }

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	var st ecrState
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
