// Package cloudfront is CloudFront in the simulator: the cache
// invalidations of the distributions that stacks create
// (CreateInvalidation, GetInvalidation, ListInvalidations).
//
// The distributions, origin access controls, functions and cache policies
// themselves are CloudFormation resources (package cfntemplate gives their
// physical IDs and attributes, such as a distribution's DomainName
// dxxxx.cloudfront.net); this package reads them from the stacks to know
// which distribution IDs exist in which account. An invalidation is
// InProgress when created and Completed once invalidationTime of simulated
// time has passed, as CloudFront's usually are within a minute or two.
package cloudfront
