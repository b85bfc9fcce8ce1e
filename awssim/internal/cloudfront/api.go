package cloudfront

import (
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"flightplan/awssim/internal/simcore"
)

const (
	apiVersion = "2020-05-31"
	cfXMLNS    = "http://cloudfront.amazonaws.com/doc/" + apiVersion + "/"
)

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "cloudfront", Protocol: simcore.ProtocolREST, ServeREST: x.serve, RESTAction: cfAction}
}

// pathParts splits /2020-05-31/distribution/{id}/invalidation[/{inv}].
func pathParts(r *http.Request) []string {
	return strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/"+apiVersion+"/"), "/"), "/")
}

// cfAction names the action of a CloudFront request; "" for what the
// simulator does not serve.
func cfAction(r *http.Request) string {
	p := pathParts(r)
	if len(p) < 3 || p[0] != "distribution" || p[2] != "invalidation" {
		return ""
	}
	switch {
	case len(p) == 3 && r.Method == http.MethodPost:
		return "CreateInvalidation"
	case len(p) == 3 && r.Method == http.MethodGet:
		return "ListInvalidations"
	case len(p) == 4 && r.Method == http.MethodGet:
		return "GetInvalidation"
	}
	return ""
}

// serve runs one CloudFront call with the core's lock held.
func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	x.core.Lock()
	defer x.core.Unlock()
	p := pathParts(r.HTTP)
	var out any
	var err error
	status := http.StatusOK
	switch r.Action {
	case "CreateInvalidation":
		out, err = x.createInvalidation(r, p[1])
		status = http.StatusCreated
	case "GetInvalidation":
		out, err = x.getInvalidation(r.Account, p[1], p[3])
	case "ListInvalidations":
		out, err = x.listInvalidations(r.Account, p[1])
	default:
		err = &simcore.APIError{Code: "NotImplemented", Message: "the simulator does not serve " + r.HTTP.Method + " " + r.HTTP.URL.Path, Status: http.StatusNotImplemented}
	}
	if err != nil {
		simcore.WriteError(w, x.API(), err)
		return
	}
	body, err := xml.Marshal(out)
	if err != nil {
		simcore.WriteError(w, x.API(), err)
		return
	}
	if inv, ok := out.(xmlInvalidation); ok && status == http.StatusCreated {
		w.Header().Set("Location", "https://cloudfront.amazonaws.com/"+apiVersion+"/distribution/"+p[1]+"/invalidation/"+inv.ID)
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("X-Amzn-RequestId", simcore.RequestID())
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}

type xmlBatch struct {
	Paths struct {
		Quantity int      `xml:"Quantity"`
		Items    []string `xml:"Items>Path"`
	} `xml:"Paths"`
	CallerReference string `xml:"CallerReference"`
}

type xmlInvalidation struct {
	XMLName    xml.Name `xml:"Invalidation"`
	XMLNS      string   `xml:"xmlns,attr"`
	ID         string   `xml:"Id"`
	Status     string   `xml:"Status"`
	CreateTime string   `xml:"CreateTime"`
	Batch      xmlBatch `xml:"InvalidationBatch"`
}

type xmlSummary struct {
	ID         string `xml:"Id"`
	CreateTime string `xml:"CreateTime"`
	Status     string `xml:"Status"`
}

type xmlList struct {
	XMLName     xml.Name     `xml:"InvalidationList"`
	XMLNS       string       `xml:"xmlns,attr"`
	Marker      string       `xml:"Marker"`
	MaxItems    int          `xml:"MaxItems"`
	IsTruncated bool         `xml:"IsTruncated"`
	Quantity    int          `xml:"Quantity"`
	Items       []xmlSummary `xml:"Items>InvalidationSummary"`
}

func noSuchDistribution(id string) *simcore.APIError {
	return &simcore.APIError{Code: "NoSuchDistribution", Message: "The specified distribution does not exist: " + id, Status: http.StatusNotFound, Sender: true}
}

func (x *Service) createInvalidation(r *simcore.Request, dist string) (any, error) {
	if !x.distributionExists(r.Account, dist) {
		return nil, noSuchDistribution(dist)
	}
	var in xmlBatch
	if err := xml.Unmarshal(r.Body, &in); err != nil || in.CallerReference == "" || len(in.Paths.Items) == 0 {
		return nil, simcore.Errorf("InvalidArgument", "InvalidationBatch needs a CallerReference and at least one path")
	}
	if in.Paths.Quantity != len(in.Paths.Items) {
		return nil, simcore.Errorf("InconsistentQuantities", "The value of Quantity and the size of Items don't match.")
	}
	for _, p := range in.Paths.Items {
		if !strings.HasPrefix(p, "/") {
			return nil, simcore.Errorf("InvalidArgument", "Your request contains one or more invalid invalidation paths: %s", p)
		}
	}
	for _, inv := range x.st.Invalidations[dist] {
		if inv.CallerRef != in.CallerReference {
			continue
		}
		if !slices.Equal(inv.Paths, in.Paths.Items) {
			return nil, &simcore.APIError{Code: "InvalidationBatchAlreadyExists", Message: "A different invalidation batch has already been sent with this caller reference.", Status: http.StatusConflict, Sender: true}
		}
		return x.xmlOf(inv), nil
	}
	inv := &invalidation{ID: x.newID(r.Account, dist), Account: r.Account, CallerRef: in.CallerReference, Paths: in.Paths.Items, Created: x.core.Now()}
	if x.st.Invalidations == nil {
		x.st.Invalidations = map[string][]*invalidation{}
	}
	x.st.Invalidations[dist] = append(x.st.Invalidations[dist], inv)
	x.core.Persist()
	return x.xmlOf(inv), nil
}

func (x *Service) getInvalidation(account, dist, id string) (any, error) {
	if !x.distributionExists(account, dist) {
		return nil, noSuchDistribution(dist)
	}
	for _, inv := range x.st.Invalidations[dist] {
		if inv.ID == id && inv.Account == account {
			return x.xmlOf(inv), nil
		}
	}
	return nil, &simcore.APIError{Code: "NoSuchInvalidation", Message: "The specified invalidation does not exist.", Status: http.StatusNotFound, Sender: true}
}

// listInvalidations lists a distribution's invalidations, newest first, in
// one page.
func (x *Service) listInvalidations(account, dist string) (any, error) {
	if !x.distributionExists(account, dist) {
		return nil, noSuchDistribution(dist)
	}
	out := xmlList{XMLNS: cfXMLNS, MaxItems: 100}
	invs := x.st.Invalidations[dist]
	for i := len(invs) - 1; i >= 0; i-- {
		out.Items = append(out.Items, xmlSummary{ID: invs[i].ID, CreateTime: invs[i].Created.UTC().Format(time.RFC3339), Status: x.status(invs[i])})
	}
	out.Quantity = len(out.Items)
	return out, nil
}

func (x *Service) xmlOf(inv *invalidation) xmlInvalidation {
	out := xmlInvalidation{XMLNS: cfXMLNS, ID: inv.ID, Status: x.status(inv), CreateTime: inv.Created.UTC().Format(time.RFC3339)}
	out.Batch.CallerReference = inv.CallerRef
	out.Batch.Paths.Items = inv.Paths
	out.Batch.Paths.Quantity = len(inv.Paths)
	return out
}
