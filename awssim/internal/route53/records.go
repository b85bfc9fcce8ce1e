package route53

import (
	"encoding/xml"
	"slices"
	"sort"
	"strconv"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// changeRecordSets applies a change batch to a zone, all or nothing:
// CREATE of an existing set, DELETE or a missing one, fail the batch.
func (x *Service) changeRecordSets(r *simcore.Request, id string) (any, error) {
	var in struct {
		Changes []struct {
			Action string
			Set    xmlRecordSet `xml:"ResourceRecordSet"`
		} `xml:"ChangeBatch>Changes>Change"`
	}
	if err := xml.Unmarshal(r.Body, &in); err != nil {
		return nil, simcore.Errorf("InvalidInput", "%s", err.Error())
	}
	v := x.view()
	z := v.zone(r.Account, id)
	if z == nil {
		return nil, noSuchZone(id)
	}
	recs := slices.Clone(x.st.Records[id])
	for _, c := range in.Changes {
		rec := c.Set.record()
		if !strings.HasSuffix(rec.Name, "."+z.Name) && rec.Name != z.Name {
			return nil, invalidBatch("RRSet with DNS name %s is not permitted in zone %s", rec.Name, z.Name)
		}
		i := slices.IndexFunc(recs, func(o r53Record) bool { return o.Name == rec.Name && o.Type == rec.Type })
		switch {
		case c.Action == "CREATE" && (i >= 0 || v.hasStackRecord(id, rec)):
			return nil, invalidBatch("Tried to create resource record set [name='%s', type='%s'] but it already exists", rec.Name, rec.Type)
		case c.Action == "DELETE" && i < 0:
			return nil, invalidBatch("Tried to delete resource record set [name='%s', type='%s'] but it was not found", rec.Name, rec.Type)
		case c.Action == "DELETE":
			recs = slices.Delete(recs, i, i+1)
		case i >= 0:
			recs[i] = rec
		default:
			recs = append(recs, rec)
		}
	}
	if x.st.Records == nil {
		x.st.Records = map[string][]r53Record{}
	}
	x.st.Records[id] = recs
	x.core.Persist()
	return xmlChangeResult{XMLName: xml.Name{Local: "ChangeResourceRecordSetsResponse"}, XMLNS: r53XMLNS, ChangeInfo: x.changeInfo()}, nil
}

func invalidBatch(format string, args ...any) *simcore.APIError {
	return simcore.Errorf("InvalidChangeBatch", format, args...)
}

func (v *r53View) hasStackRecord(id string, rec r53Record) bool {
	return slices.ContainsFunc(v.records[id], func(o r53Record) bool { return o.Stack != "" && o.Name == rec.Name && o.Type == rec.Type })
}

// listRecordSets lists a zone's record sets from (name, type), paginated.
func (x *Service) listRecordSets(r *simcore.Request, id string) (any, error) {
	v := x.view()
	z := v.zone(r.Account, id)
	if z == nil {
		return nil, noSuchZone(id)
	}
	q := r.HTTP.URL.Query()
	max := atoiOr(q.Get("maxitems"), 300)
	start, startType := "", q.Get("type")
	if n := q.Get("name"); n != "" {
		start = reversedName(fqdn(n))
	}
	out := xmlRecordList{XMLNS: r53XMLNS, MaxItems: strconv.Itoa(max)}
	for _, rec := range v.recordSets(z) {
		name := reversedName(rec.Name)
		if name < start || name == start && rec.Type < startType {
			continue
		}
		if len(out.Sets) == max {
			out.IsTruncated, out.NextRecordName, out.NextRecordType = true, rec.Name, rec.Type
			break
		}
		out.Sets = append(out.Sets, xmlRecordOf(rec))
	}
	return out, nil
}

func sortedByReversedName(zones []*r53Zone) []*r53Zone {
	out := slices.Clone(zones)
	sort.SliceStable(out, func(i, j int) bool { return reversedName(out[i].Name) < reversedName(out[j].Name) })
	return out
}

// The XML shapes of Route 53's responses (element names as the SDK's
// deserializers read them).

type xmlZone struct {
	ID                     string `xml:"Id"`
	Name                   string `xml:"Name"`
	CallerReference        string `xml:"CallerReference"`
	Comment                string `xml:"Config>Comment,omitempty"`
	PrivateZone            bool   `xml:"Config>PrivateZone"`
	ResourceRecordSetCount int    `xml:"ResourceRecordSetCount"`
}

type xmlDelegationSet struct {
	NameServers []string `xml:"NameServers>NameServer"`
}

type xmlChangeInfo struct {
	ID          string `xml:"Id"`
	Status      string `xml:"Status"`
	SubmittedAt string `xml:"SubmittedAt"`
}

type xmlZoneResult struct {
	XMLName       xml.Name
	XMLNS         string            `xml:"xmlns,attr"`
	HostedZone    xmlZone           `xml:"HostedZone"`
	ChangeInfo    xmlChangeInfo     `xml:"ChangeInfo,omitempty"`
	DelegationSet *xmlDelegationSet `xml:"DelegationSet,omitempty"`
}

type xmlChangeResult struct {
	XMLName    xml.Name
	XMLNS      string        `xml:"xmlns,attr"`
	ChangeInfo xmlChangeInfo `xml:"ChangeInfo"`
}

type xmlZoneList struct {
	XMLName          xml.Name  `xml:"ListHostedZonesByNameResponse"`
	XMLNS            string    `xml:"xmlns,attr"`
	HostedZones      []xmlZone `xml:"HostedZones>HostedZone"`
	DNSName          string    `xml:"DNSName,omitempty"`
	IsTruncated      bool      `xml:"IsTruncated"`
	NextDNSName      string    `xml:"NextDNSName,omitempty"`
	NextHostedZoneID string    `xml:"NextHostedZoneId,omitempty"`
	MaxItems         string    `xml:"MaxItems"`
}

type xmlRecordSet struct {
	Name        string     `xml:"Name"`
	Type        string     `xml:"Type"`
	TTL         int64      `xml:"TTL,omitempty"`
	Records     []xmlValue `xml:"ResourceRecords>ResourceRecord"`
	AliasTarget *struct {
		HostedZoneID         string `xml:"HostedZoneId"`
		DNSName              string `xml:"DNSName"`
		EvaluateTargetHealth bool   `xml:"EvaluateTargetHealth"`
	} `xml:"AliasTarget,omitempty"`
}

// xmlValue is one ResourceRecord: a slice of strings under a>b>c would
// put every Value in one ResourceRecord.
type xmlValue struct {
	Value string `xml:"Value"`
}

type xmlRecordList struct {
	XMLName        xml.Name       `xml:"ListResourceRecordSetsResponse"`
	XMLNS          string         `xml:"xmlns,attr"`
	Sets           []xmlRecordSet `xml:"ResourceRecordSets>ResourceRecordSet"`
	IsTruncated    bool           `xml:"IsTruncated"`
	NextRecordName string         `xml:"NextRecordName,omitempty"`
	NextRecordType string         `xml:"NextRecordType,omitempty"`
	MaxItems       string         `xml:"MaxItems"`
}

func (s xmlRecordSet) record() r53Record {
	rec := r53Record{Name: fqdn(s.Name), Type: s.Type, TTL: s.TTL}
	for _, v := range s.Records {
		rec.Values = append(rec.Values, v.Value)
	}
	if a := s.AliasTarget; a != nil {
		rec.Alias = &r53Alias{HostedZoneID: a.HostedZoneID, DNSName: fqdn(a.DNSName)}
	}
	return rec
}

func xmlRecordOf(r r53Record) xmlRecordSet {
	s := xmlRecordSet{Name: r.Name, Type: r.Type, TTL: r.TTL}
	for _, v := range r.Values {
		s.Records = append(s.Records, xmlValue{Value: v})
	}
	if r.Alias != nil {
		s.TTL = 0
		s.AliasTarget = &struct {
			HostedZoneID         string `xml:"HostedZoneId"`
			DNSName              string `xml:"DNSName"`
			EvaluateTargetHealth bool   `xml:"EvaluateTargetHealth"`
		}{HostedZoneID: r.Alias.HostedZoneID, DNSName: r.Alias.DNSName}
	}
	return s
}

func (x *Service) xmlZone(v *r53View, z *r53Zone) xmlZone {
	ref := z.CallerRef
	if ref == "" {
		ref = "cloudformation:" + z.Stack
	}
	return xmlZone{ID: "/hostedzone/" + z.ID, Name: z.Name, CallerReference: ref, Comment: z.Comment,
		ResourceRecordSetCount: len(v.recordSets(z))}
}
