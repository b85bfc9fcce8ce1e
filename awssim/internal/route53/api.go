package route53

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

const r53XMLNS = "https://route53.amazonaws.com/doc/2013-04-01/"

// API says how calls reach the service.
func (x *Service) API() simcore.API {
	return simcore.API{Name: "route53", Protocol: simcore.ProtocolREST, ServeREST: x.serve, RESTAction: r53Action}
}

// r53Action names the action of a Route 53 request from its method and path.
func r53Action(r *http.Request) string {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(r.URL.Path, "/2013-04-01/"), "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "hostedzone" && r.Method == http.MethodPost:
		return "CreateHostedZone"
	case len(parts) == 1 && parts[0] == "hostedzonesbyname":
		return "ListHostedZonesByName"
	case len(parts) == 2 && parts[0] == "hostedzone" && r.Method == http.MethodGet:
		return "GetHostedZone"
	case len(parts) == 2 && parts[0] == "hostedzone" && r.Method == http.MethodDelete:
		return "DeleteHostedZone"
	case len(parts) == 3 && parts[2] == "rrset" && r.Method == http.MethodPost:
		return "ChangeResourceRecordSets"
	case len(parts) == 3 && parts[2] == "rrset":
		return "ListResourceRecordSets"
	}
	return ""
}

// serve runs one Route 53 call with the core's lock held.
func (x *Service) serve(w http.ResponseWriter, r *simcore.Request) {
	x.core.Lock()
	defer x.core.Unlock()
	out, status, err := x.call(r)
	if err != nil {
		simcore.WriteError(w, x.API(), err)
		return
	}
	body, err := xml.Marshal(out)
	if err != nil {
		simcore.WriteError(w, x.API(), err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("X-Amzn-RequestId", simcore.RequestID())
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(body)
}

func (x *Service) call(r *simcore.Request) (any, int, error) {
	id := zoneIDOf(r.HTTP.URL.Path)
	switch r.Action {
	case "CreateHostedZone":
		out, err := x.createHostedZone(r)
		return out, http.StatusCreated, err
	case "GetHostedZone":
		out, err := x.getHostedZone(r.Account, id)
		return out, http.StatusOK, err
	case "DeleteHostedZone":
		out, err := x.deleteHostedZone(r.Account, id)
		return out, http.StatusOK, err
	case "ListHostedZonesByName":
		return x.listHostedZonesByName(r), http.StatusOK, nil
	case "ChangeResourceRecordSets":
		out, err := x.changeRecordSets(r, id)
		return out, http.StatusOK, err
	case "ListResourceRecordSets":
		out, err := x.listRecordSets(r, id)
		return out, http.StatusOK, err
	}
	return nil, 0, &simcore.APIError{Code: "InvalidAction", Message: "the simulator does not serve " + r.HTTP.Method + " " + r.HTTP.URL.Path, Status: http.StatusBadRequest, Sender: true}
}

// zoneIDOf reads the zone ID of /2013-04-01/hostedzone/{Id}[/rrset].
func zoneIDOf(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 3 && parts[1] == "hostedzone" {
		return parts[2]
	}
	return ""
}

func noSuchZone(id string) *simcore.APIError {
	return &simcore.APIError{Code: "NoSuchHostedZone", Message: "No hosted zone found with ID: " + id, Status: http.StatusNotFound, Sender: true}
}

func (x *Service) createHostedZone(r *simcore.Request) (any, error) {
	var in struct {
		Name            string
		CallerReference string
		Comment         string `xml:"HostedZoneConfig>Comment"`
	}
	if err := xml.Unmarshal(r.Body, &in); err != nil || in.Name == "" || in.CallerReference == "" {
		return nil, simcore.Errorf("InvalidInput", "Name and CallerReference are required")
	}
	for _, z := range x.st.Zones {
		if z.Account == r.Account && z.CallerRef == in.CallerReference {
			return nil, &simcore.APIError{Code: "HostedZoneAlreadyExists", Message: fmt.Sprintf("A hosted zone has already been created with the specified caller reference: %s", in.CallerReference), Status: http.StatusConflict, Sender: true}
		}
	}
	x.st.Seq++
	z := &r53Zone{ID: "Z" + strings.ToUpper(simcore.Digest(20, r.Account, in.Name, in.CallerReference, strconv.Itoa(x.st.Seq))),
		Name: fqdn(in.Name), Account: r.Account, CallerRef: in.CallerReference, Comment: in.Comment}
	if x.st.Zones == nil {
		x.st.Zones = map[string]*r53Zone{}
	}
	x.st.Zones[z.ID] = z
	x.core.Persist()
	return xmlZoneResult{XMLName: xml.Name{Local: "CreateHostedZoneResponse"}, XMLNS: r53XMLNS, HostedZone: x.xmlZone(x.view(), z),
		ChangeInfo: x.changeInfo(), DelegationSet: &xmlDelegationSet{NameServers: zoneNameServers(z.ID)}}, nil
}

func (x *Service) getHostedZone(account, id string) (any, error) {
	v := x.view()
	z := v.zone(account, id)
	if z == nil {
		return nil, noSuchZone(id)
	}
	return xmlZoneResult{XMLName: xml.Name{Local: "GetHostedZoneResponse"}, XMLNS: r53XMLNS, HostedZone: x.xmlZone(v, z),
		DelegationSet: &xmlDelegationSet{NameServers: zoneNameServers(z.ID)}}, nil
}

func (x *Service) deleteHostedZone(account, id string) (any, error) {
	v := x.view()
	z := v.zone(account, id)
	switch {
	case z == nil:
		return nil, noSuchZone(id)
	case z.Stack != "":
		return nil, simcore.Errorf("InvalidInput", "the hosted zone %s belongs to stack %s: the simulator deletes it with its stack", id, z.Stack)
	case len(v.records[id]) > 0:
		return nil, simcore.Errorf("HostedZoneNotEmpty", "The specified hosted zone contains non-required resource record sets and so cannot be deleted.")
	}
	delete(x.st.Zones, id)
	delete(x.st.Records, id)
	x.core.Persist()
	return xmlChangeResult{XMLName: xml.Name{Local: "DeleteHostedZoneResponse"}, XMLNS: r53XMLNS, ChangeInfo: x.changeInfo()}, nil
}

func (x *Service) listHostedZonesByName(r *simcore.Request) any {
	q := r.HTTP.URL.Query()
	start, max := "", atoiOr(q.Get("maxitems"), 100)
	if n := q.Get("dnsname"); n != "" {
		start = reversedName(fqdn(n))
	}
	v := x.view()
	out := xmlZoneList{XMLNS: r53XMLNS, DNSName: q.Get("dnsname"), MaxItems: strconv.Itoa(max)}
	for _, z := range sortedByReversedName(v.zones) {
		if z.Account != r.Account || reversedName(z.Name) < start {
			continue
		}
		if len(out.HostedZones) == max {
			out.IsTruncated, out.NextDNSName, out.NextHostedZoneID = true, z.Name, z.ID
			break
		}
		out.HostedZones = append(out.HostedZones, x.xmlZone(v, z))
	}
	return out
}

func (x *Service) changeInfo() xmlChangeInfo {
	x.st.Seq++
	return xmlChangeInfo{ID: "/change/C" + strings.ToUpper(simcore.Digest(20, "change", strconv.Itoa(x.st.Seq))), Status: "INSYNC",
		SubmittedAt: x.core.Now().UTC().Format("2006-01-02T15:04:05.000Z")}
}

func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}

// StateKey names the service's member of the state file.
func (x *Service) StateKey() string { return "Route53" }

// Snapshot returns the state to persist. Called with the lock held.
func (x *Service) Snapshot() any { return x.st }

// Restore reads back what Snapshot returned.
func (x *Service) Restore(data json.RawMessage) error {
	var st r53State
	if err := json.Unmarshal(data, &st); err != nil {
		return err
	}
	x.st = &st
	return nil
}
