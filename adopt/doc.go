// Package adopt turns a running Copilot application into a flightplan
// file: the application, its environments and its workloads as Copilot's
// SSM documents and manifests describe them, each manifest field mapped to
// its flightplan attribute, per-environment overrides folded into
// expressions on env.name. What flightplan cannot express is written as a
// comment where it would go and listed with a reason (Unsupported), never
// dropped silently.
//
// The package is pure: it reads a model of the application (Application)
// that the caller filled from AWS or from a Copilot workspace, and returns
// source text. It imports no AWS SDK and no other flightplan package.
package adopt
