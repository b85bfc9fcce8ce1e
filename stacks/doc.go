// Package stacks compiles a schema.Config into the desired AWS state of every
// node of the graph: CloudFormation templates (canonical JSON), stack
// parameters and tags, and Copilot-compatible SSM documents. Stacks are
// named and laid out as Copilot lays them out (names.go), so that Copilot
// and its users find them: the app's {app}-infrastructure-roles stack, one
// {app}-infrastructure-{region} stack per region with an environment (ECR
// repositories, artifact bucket), one {app}-{env} stack per environment
// (network, cluster, load balancers), one {app}-{env}-{name} stack per
// workload and environment, and one pipeline-{app}-{name} stack per
// pipeline, beside the DNS stacks of an app with a domain (dns.go). It calls
// no AWS API and imports no AWS SDK.
//
// Compile is the entry point; Render writes its result to a folder for
// review (an Input's value as "(from NODE output NAME)"). Files by concept:
// compile.go (entry, what is not supported yet),
// env_needs.go (what each environment's workloads require of it, listener
// rule priorities), app.go, region.go, env*.go, workload.go, task.go,
// service*.go, job.go, topics.go (SNS topics of any service or job), worker*.go
// (queues, subscriptions, backlog scaling), rdws.go (App Runner),
// addon*.go (addon templates merged into the stack), override*.go (the
// override and taskdef_override patches, applied last), pipeline*.go
// (CodePipeline, CodeBuild projects and their buildspecs), image.go (the
// image/{name} nodes: what to build, and every repository to push it to),
// dns.go (zones and delegations), certificate.go, alias.go, alias_account.go, and template*.go
// (intrinsics and the canonical JSON encoder). Each of those files states
// its decisions in its opening comment.
//
// # Decisions
//
// Templates are built as maps and encoded with sorted keys and a two-space
// indent; the same input gives the same bytes, across runs and tool
// versions (no version or timestamp in a template). Values are compiled in
// as literals wherever the compiler knows them; workload stacks keep
// Copilot's AppName, EnvName and WorkloadName parameters.
//
// No environment controller: the environment template gets a public ALB
// only where a load-balanced web service deploys, an internal ALB only
// where a backend with http deploys, NAT gateways (one per public subnet)
// only where a workload runs in private placement. An imported network is
// used as is: no NAT is added to it.
//
// Listener rule priorities depend on the service alone (see env_needs.go):
// a band by path depth, so that "/" is evaluated last, a half-band for
// rules with host aliases, and an FNV hash of the name within it; a
// collision probes to the next free slot in name order. Adding or removing
// a service therefore does not renumber the others.
//
// Every stack carries the app's tags under Copilot's reserved keys
// (environment tags too on environment and workload stacks), since Copilot
// applies an app's resource tags to all of its resources. Every role gets
// the app's permissions boundary.
//
// ECR repositories ({app}/{image}, one per image with build, in the region
// stack of each region that has an environment) let the accounts of that
// region's environments pull; a deployment runs
// {app account}.dkr.ecr.{env region}/{app}/{image}:{tag}, "latest" when the
// tag is empty; that deployment depends on the image/{name} node, which
// depends on every region stack holding a repository of the image.
// Repositories have EmptyOnDelete, so that removing an image
// (shown as a delete in the plan) or destroying the app does not fail on a
// non-empty repository.
//
// A scheduled job with schedule "none" gets its EventBridge rule DISABLED
// with a placeholder expression (EventBridge requires one); it runs only
// when its state machine is started.
//
// DNS (dns.go, certificate.go, alias.go): with app.domain, the app stack
// holds the app zone {app}.{domain}; each environment's zone
// {env}.{app}.{domain} has its own stack (node zone/{env}) in the
// environment's account; the delegations are stacks of their own in the
// account of the zone that holds the NS record: dns/{env} in the app's
// account, and app/dns in the domain's account when the parent zone is
// elsewhere (else the app stack writes it). No custom resource: values
// that cross accounts (name servers, zone IDs) are stack Inputs, read from
// the other node's outputs at apply time. The environment stack, after its
// delegation in the graph, requests an ACM certificate validated by DNS in
// its zone, listens on HTTPS with it (the http.certificates beside it) and
// redirects HTTP to HTTPS; a service's aliases (in its environment's zone)
// get alias records to the load balancer. Aliases in a zone of another
// account get theirs in a stack of that account, alias/{env}/{svc}
// (alias_account.go), its target an Input from the environment stack.
//
// Inputs rather than Fn::ImportValue wherever a value crosses accounts or
// regions, and for the zone IDs even within one: changing the domain
// replaces the zones, and CloudFormation refuses to change an export that
// another stack imports. Exports stay for what does not change with the
// domain (the load balancer's DNS name and canonical zone).
//
// Deliberate differences from Copilot beyond the absent environment
// controller and the DNS layout above, each explained where it is built: addons are merged into the workload's or
// environment's own template instead of nested stacks (addon.go); a worker
// subscribed to standard and FIFO topics gets one queue of each kind
// (worker.go); pipelines deploy by running flightplan itself in CodeBuild,
// and build images natively per platform (pipeline.go).
//
// Not compiled yet, and an error from Compile (never ignored): blue-green
// deployments with an nlb. A request-driven service's alias is no template
// resource (App Runner's custom domains have none): the node carries it
// (Node.CustomDomain) and apply associates it (see DomainZone). What a pipeline lacks
// (a flightplan download) or cannot use is a warning in Desired.Warnings.
// Limits AWS would refuse (template and value sizes, name lengths, names
// cut to fit that collide) are errors from Compile, before anything is
// written (limits.go).
package stacks
