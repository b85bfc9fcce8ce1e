package awssim

import (
	"sort"
	"strings"
)

// Route 53, over REST-XML (/2013-04-01/…), signing name route53.
//
// Hosted zones belong to the account that created them; their IDs are
// global, as in AWS, and a call naming another account's zone gets
// NoSuchHostedZone. Zones and record sets come from two places, merged in
// one view (r53View): what the Route 53 API created, kept in r53State and
// persisted, and the AWS::Route53::HostedZone and AWS::Route53::RecordSet
// resources of live stacks, read from CloudFormation's state, so that they
// appear when their resource completes and disappear when it is deleted,
// with no copy to keep in step. A zone's four name servers derive from its
// ID (zoneNameServers), for Fn::GetAtt NameServers and the API alike.
//
// A record set whose zone is not in the simulator (a parent zone the test
// did not create) is accepted and goes nowhere: the simulator stands in
// for AWS, not for the Internet's DNS.

// route53Service holds the zones and records the API created. Its state is
// guarded by Sim.mu.
type route53Service struct {
	sim *Sim
	st  *r53State
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

func newRoute53(s *Sim) *route53Service {
	return &route53Service{sim: s, st: &r53State{}}
}

// zoneNameServers are the four name servers of a zone, derived from its ID.
func zoneNameServers(id string) []string {
	n := itoa(int(digestNum(id) % 2000))
	return []string{"ns-" + n + ".awsdns-01.org", "ns-" + n + ".awsdns-02.co.uk", "ns-" + n + ".awsdns-03.com", "ns-" + n + ".awsdns-04.net"}
}

// fqdn lower-cases a DNS name and ends it with a dot.
func fqdn(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, ".")) + "."
}

// r53View is every zone and record, API-made and from stacks, at one
// instant. Build it with Sim.mu held.
type r53View struct {
	zones   []*r53Zone             // sorted by name, then ID
	records map[string][]r53Record // by zone ID, without the zone's SOA and NS
	api     map[string]bool        // zone IDs the API created
}

// view merges the API's zones with the zones and records of live stacks.
func (x *route53Service) view() *r53View {
	x.sim.cfn.settle()
	v := &r53View{records: map[string][]r53Record{}, api: map[string]bool{}}
	for _, z := range x.st.Zones {
		v.zones = append(v.zones, z)
		v.api[z.ID] = true
	}
	var sets []stackRecord
	for _, st := range x.sim.cfn.st.Stacks {
		if !st.Deleted.IsZero() {
			continue
		}
		for _, id := range sortedKeys(st.Resources) {
			v.addStackResource(st, st.Resources[id], &sets)
		}
	}
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

func (v *r53View) addStackResource(st *cfnStack, r *cfnResource, sets *[]stackRecord) {
	if !resourceExists(r) {
		return
	}
	switch r.Type {
	case "AWS::Route53::HostedZone":
		v.zones = append(v.zones, &r53Zone{ID: r.PhysicalID, Name: fqdn(strOf(r.Props["Name"])), Account: st.Account, Stack: st.Name})
	case "AWS::Route53::RecordSet":
		*sets = append(*sets, stackRecord{account: st.Account, zoneID: strOf(r.Props["HostedZoneId"]),
			zoneName: strOf(r.Props["HostedZoneName"]), rec: recordOf(r.Props, st.Name)})
	}
}

// resourceExists reports whether a stack's resource exists in AWS: created
// (or being updated or deleted), not merely started or failed.
func resourceExists(r *cfnResource) bool {
	switch r.Status {
	case "CREATE_IN_PROGRESS", "CREATE_FAILED", "DELETE_COMPLETE", "":
		return false
	}
	return r.PhysicalID != ""
}

// recordOf reads a RecordSet resource's properties.
func recordOf(p map[string]any, stack string) r53Record {
	rec := r53Record{Name: fqdn(strOf(p["Name"])), Type: strOf(p["Type"]), Stack: stack}
	if ttl, ok := p["TTL"]; ok {
		rec.TTL = int64(digestTTL(ttl))
	}
	if vals, ok := p["ResourceRecords"].([]any); ok {
		for _, v := range vals {
			rec.Values = append(rec.Values, strOf(v))
		}
	}
	if a, ok := p["AliasTarget"].(map[string]any); ok {
		rec.Alias = &r53Alias{HostedZoneID: strOf(a["HostedZoneId"]), DNSName: fqdn(strOf(a["DNSName"]))}
	}
	return rec
}

func digestTTL(v any) int {
	n := 0
	for _, c := range strOf(v) {
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
