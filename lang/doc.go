// Package lang reads a flightplan file and turns it into a fully evaluated,
// validated *schema.Config: HCL parsing (native and JSON syntax), variables,
// locals, the evaluation scope and its function library, per-environment
// evaluation of service and job bodies, validation with source ranges, and
// canonical formatting (Format).
//
// Load works in phases, each reporting every problem it finds before the next
// one starts, so that one run shows all the errors of a file:
//
//  1. parse, and decode the block structure against fixed schemas (tree.go),
//     keeping every body unevaluated;
//  2. resolve variables (--var, then --var-file, then FLIGHTPLAN_VAR_x, then
//     the default) and check their validation blocks;
//  3. evaluate app.domain, then the locals in dependency order (found with
//     Expression.Variables, so a cycle is reported rather than retried);
//  4. evaluate the app, the images and the environments;
//  5. evaluate every service and job body once per environment it deploys to,
//     with env in scope;
//  6. check the references between blocks (environments, images, topics,
//     depends_on cycles, pipeline stages).
//
// Every phase runs within the limits of limits.go: files are read only
// when regular and small, source nested too deeply is refused before the
// parser sees it, and evaluation is charged step by step to one budget per
// Load, so that no file can exhaust the memory, stack or time of the
// machine that loads it.
//
// The pure rules (names, sizes, schedules, CIDRs, defaults) live in package
// schema; this package points them at the source ranges that caused them.
package lang
