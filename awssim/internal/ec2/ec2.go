// Package ec2 is the part of EC2 in the simulator that flightplan reads
// outside CloudFormation: the AWS-managed prefix lists
// (DescribeManagedPrefixLists), of which CloudFront's origin-facing list
// is the one an environment's load balancer admits when its ingress is
// limited to its CDN. Every region has each list, owned by AWS, with an
// ID derived from the region and the name (pl-xxxxxxxx), the same for
// every account as in AWS.
package ec2

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

const ec2XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/"

// managedLists are the AWS-managed prefix lists the simulator knows, with
// their maximum entries.
var managedLists = map[string]int{
	"com.amazonaws.global.cloudfront.origin-facing": 55,
	"com.amazonaws.global.groundstation":            5,
}

// Service is the simulated EC2 API; it has no state of its own.
type Service struct{}

// New returns EC2.
func New() *Service { return &Service{} }

// StateKey names the service's member of the state file (none: Snapshot
// is nil).
func (x *Service) StateKey() string { return "EC2" }

// Snapshot returns nil: the managed prefix lists are facts, not state.
func (x *Service) Snapshot() any { return nil }

// Restore has nothing to read back.
func (x *Service) Restore(json.RawMessage) error { return nil }

// API says how calls reach the service: EC2's query protocol, whose
// responses have no Result wrapper, served as REST.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "ec2", Protocol: simcore.ProtocolREST, ServeREST: x.serve, RESTAction: ec2Action, WriteError: writeEC2Error}
}

func formOf(r *http.Request) url.Values {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	v, _ := url.ParseQuery(string(b))
	return v
}

func ec2Action(r *http.Request) string { return formOf(r).Get("Action") }

type xmlPrefixList struct {
	ID         string `xml:"prefixListId"`
	Family     string `xml:"addressFamily"`
	State      string `xml:"state"`
	ARN        string `xml:"prefixListArn"`
	Name       string `xml:"prefixListName"`
	MaxEntries int    `xml:"maxEntries"`
	Version    int    `xml:"version"`
	Owner      string `xml:"ownerId"`
}

type xmlDescribe struct {
	XMLName   xml.Name        `xml:"DescribeManagedPrefixListsResponse"`
	XMLNS     string          `xml:"xmlns,attr"`
	RequestID string          `xml:"requestId"`
	Lists     []xmlPrefixList `xml:"prefixListSet>item"`
}

// PrefixListID is the simulator's ID of a managed prefix list in a region.
func PrefixListID(region, name string) string {
	return "pl-" + simcore.Digest(8, "prefix-list", region, name)
}

func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	form, _ := url.ParseQuery(string(r.Body))
	if r.Action != "DescribeManagedPrefixLists" {
		writeEC2Error(w, &simcore.APIError{Code: "InvalidAction", Message: "The action " + r.Action + " is not valid for this web service.", Status: http.StatusBadRequest})
		return
	}
	names, ids := filterValues(form, "prefix-list-name"), filterValues(form, "prefix-list-id")
	out := xmlDescribe{XMLNS: ec2XMLNS, RequestID: simcore.RequestID()}
	for _, name := range sortedNames() {
		id := PrefixListID(r.Region, name)
		if (names != nil && !contains(names, name)) || (ids != nil && !contains(ids, id)) {
			continue
		}
		out.Lists = append(out.Lists, xmlPrefixList{ID: id, Family: "IPv4", State: "create-complete", Name: name,
			ARN: "arn:aws:ec2:" + r.Region + ":aws:prefix-list/" + id, MaxEntries: managedLists[name], Version: 1, Owner: "AWS"})
	}
	body, _ := xml.Marshal(out)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}

// filterValues reads Filter.N.Name=name's Filter.N.Value.M values; nil
// when no filter has that name.
func filterValues(form url.Values, name string) []string {
	var out []string
	found := false
	for i := 1; form.Has("Filter." + strconv.Itoa(i) + ".Name"); i++ {
		p := "Filter." + strconv.Itoa(i) + "."
		if form.Get(p+"Name") != name {
			continue
		}
		found = true
		for j := 1; form.Has(p + "Value." + strconv.Itoa(j)); j++ {
			out = append(out, form.Get(p+"Value."+strconv.Itoa(j)))
		}
	}
	if found && out == nil {
		return []string{}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

func sortedNames() []string {
	out := make([]string, 0, len(managedLists))
	for n := range managedLists {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

type xmlError struct {
	XMLName   xml.Name `xml:"Response"`
	Code      string   `xml:"Errors>Error>Code"`
	Message   string   `xml:"Errors>Error>Message"`
	RequestID string   `xml:"RequestID"`
}

// writeEC2Error writes an error as EC2 does: <Response><Errors><Error>.
func writeEC2Error(w http.ResponseWriter, e *simcore.APIError) {
	body, _ := xml.Marshal(xmlError{Code: e.Code, Message: e.Message, RequestID: simcore.RequestID()})
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
