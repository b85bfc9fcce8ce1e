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
// It is used by the tests, by the benchmarks and by flightplan's --sim mode,
// which lets a new user apply an application without an AWS account.
package awssim
