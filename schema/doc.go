// Package schema is the typed model of a flightplan file: what the language
// produces after parsing, evaluation and validation, and what the compiler
// (package stacks) consumes.
//
// Every value in a Config is final: defaults are applied, references are
// resolved, durations are parsed, and each service or job body has been
// evaluated once per environment it deploys to (Workload.Deployments). The
// package holds the model, its defaults and the rules that judge single values
// (names, Fargate sizes, schedules, CIDRs); package lang applies them to source
// ranges. It imports no AWS SDK.
package schema
