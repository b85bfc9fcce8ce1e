// Package tagging simulates the Resource Groups Tagging API's GetResources
// over the resources of the simulated stacks. It speaks both wire
// protocols the service has had: Smithy RPC v2 CBOR (POST
// /service/ResourceGroupsTaggingAPI_20170126/operation/GetResources, which
// the current Go SDK uses) and AWS JSON 1.1 (X-Amz-Target
// ResourceGroupsTaggingAPI_20170126.GetResources, the AWS CLI's).
package tagging

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/simcore"
)

// Stacks is what the tagging API reads of CloudFormation.
type Stacks interface {
	// Settle and TaggedResources are called with the lock held.
	Settle()
	TaggedResources(account, region string) []cfn.TaggedResource
}

// Service is the simulated tagging API. It has no state of its own.
type Service struct {
	core   *simcore.Core
	stacks Stacks
}

// New returns the tagging API over stacks.
func New(core *simcore.Core, stacks Stacks) *Service { return &Service{core: core, stacks: stacks} }

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "Tagging" }

// Snapshot returns nil: the tagging API only reads other services.
func (x *Service) Snapshot() any { return nil }

// Restore reads nothing.
func (x *Service) Restore(json.RawMessage) error { return nil }

// API says how calls reach the service: signing name "tagging".
func (x *Service) API() simcore.API {
	return simcore.API{Name: "tagging", Protocol: simcore.ProtocolREST, ServeREST: x.serve, RESTAction: action,
		WriteError: writeCBORError}
}

const operationPath = "/operation/"

// action names a call's action from its path (CBOR) or target (JSON).
func action(r *http.Request) string {
	if i := strings.LastIndex(r.URL.Path, operationPath); i >= 0 {
		return r.URL.Path[i+len(operationPath):]
	}
	t := r.Header.Get("X-Amz-Target")
	return t[strings.LastIndex(t, ".")+1:]
}

func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	cbor := strings.Contains(r.HTTP.URL.Path, operationPath)
	out, err := x.handle(r, cbor)
	switch {
	case err != nil && cbor:
		writeCBORError(w, asAPIError(err))
	case err != nil:
		simcore.WriteError(w, simcore.API{Protocol: simcore.ProtocolJSON}, err)
	case cbor:
		writeCBOR(w, http.StatusOK, out)
	default:
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_ = json.NewEncoder(w).Encode(out)
	}
}

func (x *Service) handle(r *simcore.Request, cbor bool) (any, error) {
	if r.Action != "GetResources" {
		return nil, simcore.Errorf("UnknownOperationException", "the simulator's tagging API serves GetResources only, not %s", r.Action)
	}
	var in getResourcesInput
	if err := decodeInput(r.Body, cbor, &in); err != nil {
		return nil, simcore.Errorf("SerializationException", "%s", err.Error())
	}
	x.core.Lock()
	defer x.core.Unlock()
	x.stacks.Settle()
	return getResources(x.stacks.TaggedResources(r.Account, r.Region), in)
}

type tagFilter struct {
	Key    string
	Values []string
}

type getResourcesInput struct {
	TagFilters          []tagFilter
	ResourceTypeFilters []string
	ResourceARNList     []string
	ResourcesPerPage    int
	PaginationToken     string
}

type tag struct{ Key, Value string }

type mapping struct {
	ResourceARN string
	Tags        []tag
}

type getResourcesOutput struct {
	PaginationToken        string
	ResourceTagMappingList []mapping
}

func getResources(all []cfn.TaggedResource, in getResourcesInput) (any, error) {
	per := in.ResourcesPerPage
	if per == 0 {
		per = 50
	}
	if per < 1 || per > 100 {
		return nil, simcore.Errorf("InvalidParameterException", "ResourcesPerPage must be between 1 and 100")
	}
	var hits []mapping
	for _, r := range all {
		if in.matches(r) {
			m := mapping{ResourceARN: r.ARN}
			for _, t := range r.Tags {
				m.Tags = append(m.Tags, tag(t))
			}
			hits = append(hits, m)
		}
	}
	off := 0
	if in.PaginationToken != "" {
		n, err := strconv.Atoi(in.PaginationToken)
		if err != nil || n < 0 || n > len(hits) {
			return nil, simcore.Errorf("PaginationTokenExpiredException", "The pagination token is not valid")
		}
		off = n
	}
	end := min(off+per, len(hits))
	out := getResourcesOutput{ResourceTagMappingList: hits[off:end]}
	if end < len(hits) {
		out.PaginationToken = strconv.Itoa(end)
	}
	return out, nil
}

// matches applies the filters: every tag filter (any of its values, or
// any value when it has none), any resource type, any listed ARN.
func (in getResourcesInput) matches(r cfn.TaggedResource) bool {
	if len(in.ResourceARNList) > 0 && !slices.Contains(in.ResourceARNList, r.ARN) {
		return false
	}
	for _, f := range in.TagFilters {
		i := slices.IndexFunc(r.Tags, func(t cfn.Tag) bool { return t.Key == f.Key })
		if i < 0 || (len(f.Values) > 0 && !slices.Contains(f.Values, r.Tags[i].Value)) {
			return false
		}
	}
	if len(in.ResourceTypeFilters) == 0 {
		return true
	}
	typ := resourceType(r.ARN)
	return slices.ContainsFunc(in.ResourceTypeFilters, func(f string) bool {
		return f == typ || f == strings.SplitN(typ, ":", 2)[0]
	})
}

// resourceType is the "service:type" of an ARN (ecr:repository,
// cloudformation:stack, s3:bucket for a bucket's arn:aws:s3:::NAME).
func resourceType(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	if parts[2] == "s3" && parts[3] == "" && !strings.Contains(parts[5], "/") {
		return "s3:bucket"
	}
	res := parts[5]
	i := strings.IndexAny(res, "/:")
	if i < 0 {
		return parts[2]
	}
	return parts[2] + ":" + res[:i]
}

func asAPIError(err error) *simcore.APIError {
	if ae, ok := err.(*simcore.APIError); ok {
		return ae
	}
	return &simcore.APIError{Code: "InternalServiceException", Message: err.Error(), Status: http.StatusInternalServerError}
}
