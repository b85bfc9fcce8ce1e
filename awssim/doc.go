// Package awssim is an AWS simulator that speaks the real wire protocols, so
// that the real aws-sdk-go-v2 clients can talk to it over HTTP on loopback.
//
// One endpoint serves every service, account and region. The service and the
// region come from the SigV4 credential scope of the Authorization header
// (".../{date}/{region}/{service}/aws4_request"); the action from the protocol
// (X-Amz-Target for JSON 1.1 services, the Action form field for Query
// services, the path for REST services); the account from the access key: a
// key "SIM" followed by 12 digits belongs to that account, any other key to
// 000000000000. Signatures are not checked.
//
// It is used by the tests (through package awssimtest, which serves it on
// loopback), by the benchmarks and by flightplan's --sim mode, which lets a
// new user apply an application without an AWS account.
//
// # Layout
//
// This package is the public entry point: New assembles the simulator from
// its parts, Sim is the handle tests and flightplan sim use (faults,
// counters, the clock, CloudFormation's faults and drift), and /_sim/
// serves the same controls as JSON (control.go). The parts live under
// internal/, one package per job:
//
//   - simcore: what every service shares — routing a call to its service,
//     the protocols' encodings and errors, the lock, the clock, the state
//     file, faults and counters — and the Service interface through which
//     each service registers.
//   - sts, ssm, cfn, route53, acm, s3, ecr, elbv2, cloudfront, ec2, ecs, logs,
//     sfn, tagging, cloudwatch: one package per AWS service.
//   - cfntemplate: CloudFormation's template engine (parsing, parameters,
//     conditions, intrinsic functions, physical IDs, attributes).
//
// They are internal so that the simulator's public surface is this package
// and awssimtest: services change shape as they grow without breaking
// callers, and no other flightplan package reaches past New into a
// service's state.
//
// # Rules
//
// Services do not import one another, with one exception: the services
// whose resources stacks make (S3, ECR, Route 53, ACM, SSM) import cfn to
// implement cfn.Provider. Where one service needs another (SSM names its
// callers through STS, S3 and ECR ask CloudFormation to settle its stacks,
// Route 53 reads the stacks' zones, ACM validates against Route 53's zones,
// Elastic Load Balancing and the tagging API read the stacks' resources),
// the package that calls declares a narrow interface and New wires the
// services together.
//
// The simulator imports no flightplan package but awsspec (the resource
// specification, which it shares with the planner as data). It must not
// use the planner, the executor or the stacks: it is the independent
// stand-in for AWS that those packages are tested against.
package awssim
