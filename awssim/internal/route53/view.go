package route53

import (
	"sort"
	"strconv"
	"strings"

	"flightplan/awssim/internal/cfn"
	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"
)

// Service holds the zones and records the API created. Its state is
// guarded by the core's lock. It takes part in stack operations as a
// cfn.Provider: Fn::GetAtt NameServers of a stack's zone.
type Service struct {
	cfn.NopProvider
	core   *simcore.Core
	stacks Stacks
	st     *r53State
}

// Stacks is what Route 53 reads of CloudFormation: the resources of the
// stacks, for their zones and record sets.
type Stacks interface {
	// Settle brings every stack up to the clock.
	Settle()
	// EachResource calls f for each resource of each stack not deleted.
	EachResource(f func(st cfn.StackRef, r *cfn.Resource))
}

// r53State is the API-made part of Route 53: zones by ID, and records the
// API wrote, by zone ID (in API-made zones or stacks' zones alike).
type r53State struct {
	Zones   map[string]*r53Zone    `json:"zones,omitempty"`
	Records map[string][]r53Record `json:"records,omitempty"`
	Seq     int                    `json:"seq,omitempty"`
}

// r53Zone is a hosted zone. Name ends with a dot.
type r53Zone struct {
	ID        string `json:"id"` // Z…, without the /hostedzone/ prefix
	Name      string `json:"name"`
	Account   string `json:"account"`
	CallerRef string `json:"callerRef,omitempty"`
	Comment   string `json:"comment,omitempty"`
	// Stack names the stack whose resource the zone is; empty when the
	// Route 53 API created it.
	Stack string `json:"-"`
}

// r53Record is a record set. Name ends with a dot.
type r53Record struct {
	Name   string    `json:"name"`
	Type   string    `json:"type"`
	TTL    int64     `json:"ttl,omitempty"`
	Values []string  `json:"values,omitempty"`
	Alias  *r53Alias `json:"alias,omitempty"`
	Stack  string    `json:"-"` // the stack that wrote it, if any
}

// r53Alias is an alias target.
type r53Alias struct {
	HostedZoneID string `json:"hostedZoneId"`
	DNSName      string `json:"dnsName"`
}

// New returns a Route 53 with no zones on core, whose view includes the
// zones and record sets of stacks.
func New(core *simcore.Core, stacks Stacks) *Service {
	return &Service{core: core, stacks: stacks, st: &r53State{}}
}

// Attribute is Fn::GetAtt NameServers of a stack's hosted zone: the name
// servers the API shows for it.
func (x *Service) Attribute(r cfntemplate.Planned, attr string) (any, bool) {
	if r.Type != "AWS::Route53::HostedZone" || attr != "NameServers" {
		return nil, false
	}
	var out []any
	for _, ns := range zoneNameServers(r.PhysicalID) {
		out = append(out, ns)
	}
	return out, true
}

// Zone is a hosted zone as package acm's DNS validation sees it (the
// assembling package converts one to the other).
type Zone struct {
	ID          string
	Name        string
	Registered  bool
	NameServers []string
	NS          map[string][][]string
}

// Zones returns every hosted zone in every account, API-made and stacks'
// alike, by name then ID, with their NS records. Called with the lock held.
func (x *Service) Zones() []Zone {
	v := x.view()
	out := make([]Zone, 0, len(v.zones))
	for _, z := range v.zones {
		zone := Zone{ID: z.ID, Name: z.Name, Registered: v.api[z.ID], NameServers: zoneNameServers(z.ID), NS: map[string][][]string{}}
		for _, r := range v.records[z.ID] {
			if r.Type == "NS" {
				zone.NS[r.Name] = append(zone.NS[r.Name], r.Values)
			}
		}
		out = append(out, zone)
	}
	return out
}

// zoneNameServers are the four name servers of a zone, derived from its ID.
func zoneNameServers(id string) []string {
	n := strconv.Itoa(int(simcore.DigestNumber(id) % 2000))
	return []string{"ns-" + n + ".awsdns-01.org", "ns-" + n + ".awsdns-02.co.uk", "ns-" + n + ".awsdns-03.com", "ns-" + n + ".awsdns-04.net"}
}

// fqdn lower-cases a DNS name and ends it with a dot.
func fqdn(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, ".")) + "."
}

// r53View is every zone and record, API-made and from stacks, at one
// instant. Build it with the lock held.
type r53View struct {
	zones   []*r53Zone             // sorted by name, then ID
	records map[string][]r53Record // by zone ID, without the zone's SOA and NS
	api     map[string]bool        // zone IDs the API created
}

// view merges the API's zones with the zones and records of live stacks.
func (x *Service) view() *r53View {
	x.stacks.Settle()
	v := &r53View{records: map[string][]r53Record{}, api: map[string]bool{}}
	for _, z := range x.st.Zones {
		v.zones = append(v.zones, z)
		v.api[z.ID] = true
	}
	var sets []stackRecord
	x.stacks.EachResource(func(st cfn.StackRef, r *cfn.Resource) { v.addStackResource(st, r, &sets) })
	sort.Slice(v.zones, func(i, j int) bool {
		a, b := v.zones[i], v.zones[j]
		return a.Name < b.Name || a.Name == b.Name && a.ID < b.ID
	})
	for _, sr := range sets {
		if z := v.stackRecordZone(sr); z != nil {
			v.records[z.ID] = append(v.records[z.ID], sr.rec)
		}
	}
	for id, recs := range x.st.Records {
		v.records[id] = append(v.records[id], recs...)
	}
	return v
}

// stackRecord is a RecordSet resource before its zone is found.
type stackRecord struct {
	account, zoneID, zoneName string
	rec                       r53Record
}

func (v *r53View) addStackResource(st cfn.StackRef, r *cfn.Resource, sets *[]stackRecord) {
	if !resourceExists(r) {
		return
	}
	switch r.Type {
	case "AWS::Route53::HostedZone":
		v.zones = append(v.zones, &r53Zone{ID: r.PhysicalID, Name: fqdn(cfntemplate.String(r.Props["Name"])), Account: st.Account, Stack: st.Name})
	case "AWS::Route53::RecordSet":
		*sets = append(*sets, stackRecord{account: st.Account, zoneID: cfntemplate.String(r.Props["HostedZoneId"]),
			zoneName: cfntemplate.String(r.Props["HostedZoneName"]), rec: recordOf(r.Props, st.Name)})
	case "AWS::Route53::RecordSetGroup":
		// Each record of the group, in the group's zone.
		items, _ := r.Props["RecordSets"].([]any)
		for _, it := range items {
			p, _ := it.(map[string]any)
			if p == nil {
				continue
			}
			*sets = append(*sets, stackRecord{account: st.Account, zoneID: cfntemplate.String(r.Props["HostedZoneId"]),
				zoneName: cfntemplate.String(r.Props["HostedZoneName"]), rec: recordOf(p, st.Name)})
		}
	}
}

// resourceExists reports whether a stack's resource exists in AWS: created
// (or being updated or deleted), not merely started or failed.
func resourceExists(r *cfn.Resource) bool {
	switch r.Status {
	case "CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_COMPLETE", "":
		return false
	}
	return r.PhysicalID != ""
}

// recordOf reads a RecordSet resource's properties.
func recordOf(p map[string]any, stack string) r53Record {
	rec := r53Record{Name: fqdn(cfntemplate.String(p["Name"])), Type: cfntemplate.String(p["Type"]), Stack: stack}
	if ttl, ok := p["TTL"]; ok {
		rec.TTL = int64(digestTTL(ttl))
	}
	if vals, ok := p["ResourceRecords"].([]any); ok {
		for _, v := range vals {
			rec.Values = append(rec.Values, cfntemplate.String(v))
		}
	}
	if a, ok := p["AliasTarget"].(map[string]any); ok {
		rec.Alias = &r53Alias{HostedZoneID: cfntemplate.String(a["HostedZoneId"]), DNSName: fqdn(cfntemplate.String(a["DNSName"]))}
	}
	return rec
}

func digestTTL(v any) int {
	n := 0
	for _, c := range cfntemplate.String(v) {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// stackRecordZone is the zone a stack's record set names: by ID, or by
// name among the stack account's zones.
func (v *r53View) stackRecordZone(sr stackRecord) *r53Zone {
	for _, z := range v.zones {
		if z.Account != sr.account {
			continue
		}
		if sr.zoneID != "" && z.ID == strings.TrimPrefix(sr.zoneID, "/hostedzone/") {
			return z
		}
		if sr.zoneID == "" && sr.zoneName != "" && z.Name == fqdn(sr.zoneName) {
			return z
		}
	}
	return nil
}

// zone returns the zone of that ID owned by account, or nil.
func (v *r53View) zone(account, id string) *r53Zone {
	for _, z := range v.zones {
		if z.ID == id && z.Account == account {
			return z
		}
	}
	return nil
}

// recordSets are a zone's record sets, in Route 53's order (by name with
// its labels reversed, then type), with the zone's own SOA and NS first.
func (v *r53View) recordSets(z *r53Zone) []r53Record {
	recs := []r53Record{
		{Name: z.Name, Type: "NS", TTL: 172800, Values: zoneNameServers(z.ID)},
		{Name: z.Name, Type: "SOA", TTL: 900, Values: []string{zoneNameServers(z.ID)[0] + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}},
	}
	recs = append(recs, v.records[z.ID]...)
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := reversedName(recs[i].Name), reversedName(recs[j].Name)
		return a < b || a == b && recs[i].Type < recs[j].Type
	})
	return recs
}

// reversedName orders names as Route 53 lists them: com.example.www.
func reversedName(name string) string {
	labels := strings.Split(strings.TrimSuffix(name, "."), ".")
	for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
		labels[i], labels[j] = labels[j], labels[i]
	}
	return strings.Join(labels, ".")
}

// HasRecord reports whether any zone holds a record set of name (with or
// without its final dot) and type whose values include value. Called with
// the lock held.
func (x *Service) HasRecord(name, typ, value string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".") + "."
	v := x.view()
	for _, recs := range v.records {
		for _, r := range recs {
			if strings.ToLower(r.Name) == name && r.Type == typ {
				for _, got := range r.Values {
					if strings.TrimSuffix(got, ".") == strings.TrimSuffix(value, ".") {
						return true
					}
				}
			}
		}
	}
	return false
}
