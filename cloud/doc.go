// Package cloud builds AWS clients per account, region and credentials, and
// guards every account before it is touched.
//
// Credentials come from aws-sdk-go-v2's own loader (profiles, SSO, the
// environment, AWS_ENDPOINT_URL, …) so that flightplan honours the standard
// AWS environment exactly as the AWS CLI does; a block's role_arn is assumed
// through STS on top of that. In simulator mode every account of the file is
// given its own access key (SIM + 12 digits), which the simulator maps back to
// the account, and every client talks to the simulator's endpoint.
//
// A credential that cannot be had is returned as an error that says what to
// do: *ProfileNotFoundError (with the files searched), *SSOLoginError,
// *MFARequiredError (no terminal to ask for the code), *UnreachableError
// and *RefusedError (the endpoint, and the cause or AWS's code). The SDK's
// own log is discarded, so that its warnings never reach the user, unless
// Options.DebugLog asks for it.
//
// Consumers declare the narrow interfaces they need next to their use; this
// package hands out the concrete SDK clients that satisfy them.
package cloud
