// Package route53 simulates Route 53, over REST-XML (/2013-04-01/…), signing name route53.
//
// Hosted zones belong to the account that created them; their IDs are
// global, as in AWS, and a call naming another account's zone gets
// NoSuchHostedZone. Zones and record sets come from two places, merged in
// one view (r53View): what the Route 53 API created, kept in r53State and
// persisted, and the AWS::Route53::HostedZone, AWS::Route53::RecordSet and
// AWS::Route53::RecordSetGroup (each of its records) resources of live
// stacks, read from CloudFormation's state, so that they appear when their resource completes and disappear when it is deleted,
// with no copy to keep in step. A zone's four name servers derive from its
// ID (zoneNameServers), for Fn::GetAtt NameServers and the API alike.
//
// A record set whose zone is not in the simulator (a parent zone the test
// did not create) is accepted and goes nowhere: the simulator stands in
// for AWS, not for the Internet's DNS.
package route53
