package apprunner

import (
	"slices"
	"strings"

	"flightplan/awssim/internal/simcore"
)

// The App Runner actions.

// service finds the caller's service by ARN.
func (x *Service) service(c *call, arn string) error {
	if account, region := arnAccountRegion(arn); account != c.Account || region != c.Region || !x.exists(account, region, arn) {
		return simcore.Errorf("ResourceNotFoundException", "Service not found: %s", arn)
	}
	return nil
}

func (x *Service) associate(c *call) (any, error) {
	var in struct {
		ServiceArn         string
		DomainName         string
		EnableWWWSubdomain *bool
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if err := x.service(c, in.ServiceArn); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(strings.ToLower(in.DomainName), ".")
	if name == "" || len(name) > 255 || !strings.Contains(name, ".") {
		return nil, simcore.Errorf("InvalidRequestException", "Invalid domain name: %q", in.DomainName)
	}
	if slices.ContainsFunc(x.st.Domains[in.ServiceArn], func(d *domain) bool { return d.Name == name }) {
		return nil, simcore.Errorf("InvalidRequestException", "Domain %s is already associated with service %s", name, in.ServiceArn)
	}
	d := &domain{Name: name, WWW: in.EnableWWWSubdomain == nil || *in.EnableWWWSubdomain}
	if x.st.Domains == nil {
		x.st.Domains = map[string][]*domain{}
	}
	x.st.Domains[in.ServiceArn] = append(x.st.Domains[in.ServiceArn], d)
	return map[string]any{"ServiceArn": in.ServiceArn, "DNSTarget": ServiceURL(in.ServiceArn), "CustomDomain": x.show(in.ServiceArn, d), "VpcDNSTargets": []any{}}, nil
}

func (x *Service) describe(c *call) (any, error) {
	var in struct {
		ServiceArn string
		NextToken  string
		MaxResults int
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if err := x.service(c, in.ServiceArn); err != nil {
		return nil, err
	}
	all := x.st.Domains[in.ServiceArn]
	size := in.MaxResults
	if size <= 0 || size > 5 {
		size = 5
	}
	off, ok := simcore.PageOffset(in.NextToken)
	if !ok {
		return nil, simcore.Errorf("InvalidRequestException", "Invalid NextToken: %q", in.NextToken)
	}
	lo, hi, next := simcore.Page(len(all), off, size)
	list := []any{}
	for _, d := range all[lo:hi] {
		list = append(list, x.show(in.ServiceArn, d))
	}
	out := map[string]any{"ServiceArn": in.ServiceArn, "DNSTarget": ServiceURL(in.ServiceArn), "CustomDomains": list, "VpcDNSTargets": []any{}}
	if next != "" {
		out["NextToken"] = next
	}
	return out, nil
}

func (x *Service) disassociate(c *call) (any, error) {
	var in struct {
		ServiceArn string
		DomainName string
	}
	if err := c.DecodeBody(&in); err != nil {
		return nil, err
	}
	if err := x.service(c, in.ServiceArn); err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(strings.ToLower(in.DomainName), ".")
	list := x.st.Domains[in.ServiceArn]
	i := slices.IndexFunc(list, func(d *domain) bool { return d.Name == name })
	if i < 0 {
		return nil, simcore.Errorf("ResourceNotFoundException", "Domain %s is not associated with service %s", name, in.ServiceArn)
	}
	shown := x.show(in.ServiceArn, list[i])
	shown["Status"] = "deleting"
	if list = slices.Delete(list, i, i+1); len(list) == 0 {
		delete(x.st.Domains, in.ServiceArn)
	} else {
		x.st.Domains[in.ServiceArn] = list
	}
	return map[string]any{"ServiceArn": in.ServiceArn, "DNSTarget": ServiceURL(in.ServiceArn), "CustomDomain": shown, "VpcDNSTargets": []any{}}, nil
}

// show is an association as the API returns it, its status derived from
// the validation records found in Route 53.
func (x *Service) show(arn string, d *domain) map[string]any {
	names := []string{d.Name}
	if d.WWW {
		names = append(names, "www."+d.Name)
	}
	var recs []any
	status := "active"
	for _, n := range names {
		name, value := ValidationRecord(arn, n)
		st := "SUCCESS"
		if !x.dns.HasRecord(name, "CNAME", value) {
			st, status = "PENDING_VALIDATION", "pending_certificate_dns_validation"
		}
		recs = append(recs, map[string]any{"Name": name, "Type": "CNAME", "Value": value, "Status": st})
	}
	return map[string]any{"DomainName": d.Name, "EnableWWWSubdomain": d.WWW, "CertificateValidationRecords": recs, "Status": status}
}

// ValidationRecord is the certificate validation CNAME of one name of an
// association: a fake, the same for the same service and name.
func ValidationRecord(arn, name string) (string, string) {
	return "_" + simcore.Digest(32, arn, name, "name") + "." + name + ".",
		"_" + simcore.Digest(32, arn, name, "value") + ".mhbtsbpdnt.acm-validations.aws."
}
