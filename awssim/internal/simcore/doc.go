// Package simcore is the core of the AWS simulator: what every simulated
// service shares, and nothing that belongs to one of them.
//
// A Core routes each API call to the service that registered its SigV4
// signing name: it decodes the call (the service and the region from the
// credential scope of the Authorization header, the account from the access
// key, the action from the protocol), counts it, applies the faults, runs
// the service's handler and encodes the answer or the error in the
// service's protocol. It also holds the lock that makes each call atomic,
// the clock that drives simulated time, and the state file, to which it
// writes each service's snapshot.
//
// A service is a Service: its API (signing name, protocol, handlers) and its
// part of the state. Services do not import one another's packages; where
// one needs another (CloudFormation's stacks make S3 buckets), the one that
// calls declares a narrow interface and package awssim wires them.
package simcore
