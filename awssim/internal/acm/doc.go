// Package acm simulates ACM certificates, as CloudFormation creates them (AWS::CertificateManager
// ::Certificate with ValidationMethod DNS and DomainValidationOptions naming
// a hosted zone, which lets CloudFormation write the validation records).
//
// ACM issues the certificate only if its validation records can be
// resolved from the Internet: each of its names must be held by a zone in
// the simulator, delegated link by link — an NS record for the zone in the
// zone holding its parent name (in any account) whose values are the
// zone's name servers — up to a zone whose parent name no zone holds. With
// Options.StrictDNS that top zone must have been created through the
// Route 53 API (the user's registered parent zone, as a test creates it
// first); without it any top zone is taken to be registered, so that an
// application applies with --sim without first creating its parent zone.
// Either way a zone that is not delegated from an existing parent zone
// fails the certificate, which is what proves the graph's order.
//
// Otherwise the resource fails after certificateTimeout of simulated time
// (ACM itself waits up to 72 hours; CloudFormation's wait is shortened, the
// simulator's more so) with certificateTimedOut's reason, whose wording is
// the simulator's own. The check is made when the stack operation starts,
// as the simulator fixes an operation's schedule then.
package acm
