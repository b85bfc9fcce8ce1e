package executor

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apprunner"
	artypes "github.com/aws/aws-sdk-go-v2/service/apprunner/types"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	r53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	"github.com/aws/smithy-go"

	"flightplan/addr"
	"flightplan/cloud"
	"flightplan/planner"
	"flightplan/stacks"
)

// A request-driven service's custom domain is a step of its deploy node,
// not a stack resource (App Runner's custom domains have no CloudFormation
// resource; see stacks.DomainZone for why it is not a node of its own).
// After the stack, apply associates the domain with the App Runner
// service, waits for App Runner to name the certificate's validation
// records, and UPSERTs them and the alias (a CNAME to the service's
// default domain) in the domain's zone; a domain that goes is
// disassociated and its records deleted, before the stack for a delete.

// domainRecordTTL is the TTL of the records written for a custom domain.
const domainRecordTTL = 300

// domainRecordsWait bounds the wait for App Runner to name a new
// association's validation records.
const domainRecordsWait = 60

// customDomain applies c's custom domain change: the domains that go
// first, then the one that comes.
func (x *applier) customDomain(ctx context.Context, a addr.Address, c *planner.Change, arn string) error {
	dc := c.CustomDomain
	cl, err := x.opts.Provider.For(ctx, x.targets.of(c))
	if err != nil {
		return err
	}
	var r53 *route53.Client
	if dc.Zone != nil {
		zcl, err := x.opts.Provider.For(ctx, cloud.Target{Account: dc.Zone.Account, Region: dc.Zone.Region, Profile: dc.Zone.Profile, RoleARN: dc.Zone.RoleARN})
		if err != nil {
			return err
		}
		r53 = zcl.Route53
	}
	d := &domainOp{ar: cl.AppRunner, r53: r53, zone: dc.Zone, arn: arn, poll: x.opts.PollInterval}
	for _, name := range dc.Disassociate {
		if err := d.disassociate(ctx, name); err != nil {
			return err
		}
		x.opts.Hooks.NodeEvent(a, Event{LogicalID: "Service", Type: "AWS::AppRunner::CustomDomain", Status: "DISASSOCIATED", Reason: name + ": its records deleted"})
	}
	if dc.Associate != "" {
		if err := d.associate(ctx, dc.Associate); err != nil {
			return err
		}
		x.opts.Hooks.NodeEvent(a, Event{LogicalID: "Service", Type: "AWS::AppRunner::CustomDomain", Status: "ASSOCIATED", Reason: dc.Associate + ": validation and alias records written in " + dc.Zone.Name})
	}
	return nil
}

// serviceARN reads the App Runner service's ARN from its stack's outputs.
func (x *applier) serviceARN(ctx context.Context, c *planner.Change, stack string) (string, error) {
	cl, err := x.opts.Provider.For(ctx, x.targets.of(c))
	if err != nil {
		return "", err
	}
	outs, err := stackOutputs(ctx, cl.CFN, stack)
	if err != nil {
		return "", err
	}
	if outs["ServiceArn"] == "" {
		return "", fmt.Errorf("stack %s has no ServiceArn output to associate the custom domain with", stack)
	}
	return outs["ServiceArn"], nil
}

type domainOp struct {
	ar   *apprunner.Client
	r53  *route53.Client
	zone *stacks.DomainZone
	arn  string
	poll time.Duration
}

// associate associates name (once: an association already there is taken
// as it is), waits for its validation records and writes them and the
// alias record.
func (d *domainOp) associate(ctx context.Context, name string) error {
	if d.zone == nil {
		return fmt.Errorf("custom domain %s: the app has no domain whose zone takes its records", name)
	}
	_, err := d.ar.AssociateCustomDomain(ctx, &apprunner.AssociateCustomDomainInput{ServiceArn: aws.String(d.arn), DomainName: aws.String(name), EnableWWWSubdomain: aws.Bool(false)})
	if err != nil && !alreadyAssociated(err) {
		return fmt.Errorf("associating %s with %s: %w", name, d.arn, err)
	}
	var cd *artypes.CustomDomain
	var target string
	for i := 0; ; i++ {
		if cd, target, err = d.describe(ctx, name); err != nil {
			return err
		}
		if cd != nil && len(cd.CertificateValidationRecords) > 0 {
			break
		}
		if i == domainRecordsWait {
			return fmt.Errorf("custom domain %s: App Runner named no certificate validation records", name)
		}
		if err := cloud.Sleep(ctx, d.poll); err != nil {
			return err
		}
	}
	return d.records(ctx, r53types.ChangeActionUpsert, name, cd, target)
}

// disassociate removes name from the service and its records from the
// zone (read from the association before it goes).
func (d *domainOp) disassociate(ctx context.Context, name string) error {
	cd, target, err := d.describe(ctx, name)
	if err != nil {
		return err
	}
	if cd == nil {
		return nil
	}
	if _, err := d.ar.DisassociateCustomDomain(ctx, &apprunner.DisassociateCustomDomainInput{ServiceArn: aws.String(d.arn), DomainName: aws.String(name)}); err != nil {
		return fmt.Errorf("disassociating %s from %s: %w", name, d.arn, err)
	}
	if d.zone == nil {
		return nil
	}
	return d.records(ctx, r53types.ChangeActionDelete, name, cd, target)
}

// describe finds the association of name and the service's default
// domain; nil when name is not associated.
func (d *domainOp) describe(ctx context.Context, name string) (*artypes.CustomDomain, string, error) {
	pages := apprunner.NewDescribeCustomDomainsPaginator(d.ar, &apprunner.DescribeCustomDomainsInput{ServiceArn: aws.String(d.arn)})
	var target string
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, "", fmt.Errorf("reading the custom domains of %s: %w", d.arn, err)
		}
		target = aws.ToString(page.DNSTarget)
		for i := range page.CustomDomains {
			if strings.EqualFold(aws.ToString(page.CustomDomains[i].DomainName), name) {
				return &page.CustomDomains[i], target, nil
			}
		}
	}
	return nil, target, nil
}

// records writes (UPSERT) or deletes (DELETE) the validation records and
// the alias record of one association in the domain's zone; a record
// already gone is not an error for a delete.
func (d *domainOp) records(ctx context.Context, action r53types.ChangeAction, name string, cd *artypes.CustomDomain, target string) error {
	zoneID, err := d.zoneID(ctx)
	if err != nil {
		return err
	}
	sets := []r53types.ResourceRecordSet{cname(name, target)}
	for _, r := range cd.CertificateValidationRecords {
		sets = append(sets, cname(aws.ToString(r.Name), aws.ToString(r.Value)))
	}
	for _, set := range sets {
		_, err := d.r53.ChangeResourceRecordSets(ctx, &route53.ChangeResourceRecordSetsInput{HostedZoneId: aws.String(zoneID),
			ChangeBatch: &r53types.ChangeBatch{Comment: aws.String("flightplan: custom domain " + name + " of " + d.arn),
				Changes: []r53types.Change{{Action: action, ResourceRecordSet: &set}}}})
		var bad *r53types.InvalidChangeBatch
		if err != nil && action == r53types.ChangeActionDelete && errors.As(err, &bad) && strings.Contains(err.Error(), "not found") {
			continue
		}
		if err != nil {
			return fmt.Errorf("custom domain %s: %s record %s in zone %s: %w", name, strings.ToLower(string(action)), aws.ToString(set.Name), d.zone.Name, err)
		}
	}
	return nil
}

func cname(name, value string) r53types.ResourceRecordSet {
	return r53types.ResourceRecordSet{Name: aws.String(name), Type: r53types.RRTypeCname, TTL: aws.Int64(domainRecordTTL),
		ResourceRecords: []r53types.ResourceRecord{{Value: aws.String(value)}}}
}

// zoneID is the zone's ID: the file's, else the public zone named as the
// domain.
func (d *domainOp) zoneID(ctx context.Context) (string, error) {
	if d.zone.ID != "" {
		return d.zone.ID, nil
	}
	out, err := d.r53.ListHostedZonesByName(ctx, &route53.ListHostedZonesByNameInput{DNSName: aws.String(d.zone.Name)})
	if err != nil {
		return "", fmt.Errorf("finding the hosted zone %s: %w", d.zone.Name, err)
	}
	for _, z := range out.HostedZones {
		if strings.TrimSuffix(aws.ToString(z.Name), ".") == d.zone.Name && (z.Config == nil || !z.Config.PrivateZone) {
			return strings.TrimPrefix(aws.ToString(z.Id), "/hostedzone/"), nil
		}
	}
	return "", fmt.Errorf("no public hosted zone %s in account %s", d.zone.Name, d.zone.Account)
}

// alreadyAssociated tells App Runner's refusal of a domain the service
// already has: a retried apply goes on with it.
func alreadyAssociated(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return apiErr.ErrorCode() == "CustomDomainAlreadyAssociatedException" ||
		(apiErr.ErrorCode() == "InvalidRequestException" && strings.Contains(strings.ToLower(apiErr.ErrorMessage()), "already associated"))
}
