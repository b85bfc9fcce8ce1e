package stacks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"

	"flightplan/addr"
)

// AWS limits that a desired state can break, checked before anything is
// written so that an apply never stops half done on what AWS would refuse.
const (
	// MaxTemplateBody is the largest template CloudFormation takes inline
	// (TemplateBody), in bytes of compact JSON as the executor sends it.
	// The executor uploads the larger templates of environments and their
	// services to their region's artifact bucket and passes TemplateURL.
	MaxTemplateBody = 51200
	// MaxTemplateURL is the largest template CloudFormation reads from
	// S3 (TemplateURL).
	MaxTemplateURL = 1048576
	// MaxStackParameterValue is the largest value of one stack parameter.
	MaxStackParameterValue = 4096
	// MaxSSMValue is the largest value of a standard-tier SSM parameter,
	// the tier flightplan writes (advanced parameters take 8 KB, at a cost).
	MaxSSMValue = 4096
	// MaxSSMName is the longest SSM parameter name, with its path.
	MaxSSMName = 2048
)

// checkLimits reports, located at the block of each node, every limit of
// CloudFormation and SSM that d's nodes exceed, and every pair of nodes
// whose explicitly named resources would have one name (see namedResources).
func (c *compiler) checkLimits(d *Desired) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, n := range d.Nodes {
		if n.Stack != nil {
			diags = append(diags, c.checkStack(n)...)
		}
		for _, p := range n.Parameters {
			diags = append(diags, c.checkSSM(n, p)...)
		}
	}
	return append(diags, c.checkNameCollisions(d)...)
}

func (c *compiler) limitError(n *Node, summary, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(format, args...), Subject: c.subject(n.Addr)}
}

func (c *compiler) checkStack(n *Node) hcl.Diagnostics {
	var diags hcl.Diagnostics
	size, limit, how := c.templateSize(n.Stack.Template), MaxTemplateURL, "from S3 (TemplateURL), where flightplan uploads it"
	if n.Addr.Kind != addr.KindEnv && n.Addr.Kind != addr.KindDeploy {
		limit, how = MaxTemplateBody, "inline, and only the stacks of environments and services are uploaded to S3"
	}
	if size > limit {
		diags = append(diags, c.limitError(n, "Template too large",
			"The template of %s (stack %s) is %d bytes; CloudFormation takes at most %d bytes %s. Make it smaller: "+
				"move large values (long environment variables, policies, addon templates) into SSM parameters or "+
				"secrets and refer to them.",
			n.Addr, n.Stack.Name, size, limit, how))
	}
	for _, k := range sortedKeys(n.Stack.Parameters) {
		if v := n.Stack.Parameters[k]; len(v) > MaxStackParameterValue {
			diags = append(diags, c.limitError(n, "Stack parameter value too large",
				"The value of parameter %s of %s (stack %s) is %d bytes; CloudFormation takes at most %d bytes per parameter value.",
				k, n.Addr, n.Stack.Name, len(v), MaxStackParameterValue))
		}
	}
	return diags
}

func (c *compiler) checkSSM(n *Node, p Parameter) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if len(p.Name) > MaxSSMName {
		diags = append(diags, c.limitError(n, "SSM parameter name too long",
			"The SSM parameter name of %s is %d characters; SSM allows %d.", n.Addr, len(p.Name), MaxSSMName))
	}
	if len(p.Value) > MaxSSMValue {
		diags = append(diags, c.limitError(n, "SSM parameter value too large",
			"The SSM parameter %s of %s is %d bytes; a standard-tier parameter, which flightplan writes, holds at most %d bytes.",
			p.Name, n.Addr, len(p.Value), MaxSSMValue))
	}
	return diags
}

// compactSize is the size of template as the executor sends it: compact
// JSON (the template as it is when it is not JSON). The compiler's
// templates are JSON it wrote itself, so the whitespace outside strings is
// counted out in one pass rather than the template compacted (and
// validated) again.
func compactSize(template []byte) int {
	first := bytes.TrimLeft(template, " \t\r\n")
	if len(first) == 0 || (first[0] != '{' && first[0] != '[') {
		return len(template)
	}
	size, inString, escaped := 0, false, false
	for _, b := range template {
		switch {
		case inString:
			size++
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
			}
		case b == ' ' || b == '\t' || b == '\n' || b == '\r':
		default:
			size++
			inString = b == '"'
		}
	}
	return size
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// namedResources are the resource properties that give a name AWS keeps
// unique (per account and region, or per account for IAM), with the
// longest name AWS takes. Names built from the file's names are cut to fit
// (a state machine's to 80 characters), so two of them may end up equal.
var namedResources = map[string]struct {
	property string
	max      int
	global   bool // unique in the account, whatever the region
}{
	"AWS::StepFunctions::StateMachine":     {"StateMachineName", 80, false},
	"AWS::SQS::Queue":                      {"QueueName", 80, false},
	"AWS::SNS::Topic":                      {"TopicName", 256, false},
	"AWS::Logs::LogGroup":                  {"LogGroupName", 512, false},
	"AWS::CodeBuild::Project":              {"Name", 255, false},
	"AWS::CodePipeline::Pipeline":          {"Name", 100, false},
	"AWS::CodeStarConnections::Connection": {"ConnectionName", 32, false},
	"AWS::IAM::Role":                       {"RoleName", 64, true},
}

// namedResource is one resource named explicitly in a node's template.
type namedResource struct {
	node     *Node
	logical  string
	typ      string
	property string
}

// checkNameCollisions refuses two resources of one type with one name in
// one place (account and region), and names longer than AWS takes.
func (c *compiler) checkNameCollisions(d *Desired) hcl.Diagnostics {
	var diags hcl.Diagnostics
	type nameKey struct{ account, region, typ, name string } // not joined: a string each was an allocation
	seen := map[nameKey]namedResource{}
	for _, n := range d.Nodes {
		if n.Stack == nil {
			continue
		}
		for _, r := range c.namedOf(n) {
			spec := namedResources[r.typ]
			name := r.name
			if len(name) > spec.max {
				diags = append(diags, c.limitError(n, "Name too long",
					"%s %s of %s is named %q, %d characters; AWS allows %d. Shorten the names it is built from.",
					r.typ, r.logical, n.Addr, name, len(name), spec.max))
			}
			region := n.Region
			if spec.global {
				region = ""
			}
			key := nameKey{n.Account, region, r.typ, name}
			prev, dup := seen[key]
			if !dup {
				seen[key] = r.namedResource
				continue
			}
			if prev.node == n {
				continue
			}
			diags = append(diags, c.limitError(n, "Names collide in AWS",
				"%s %s of %s and %s %s of %s would both be named %q in account %s%s; AWS keeps these names unique. "+
					"Names longer than AWS allows are cut, so names that share their beginning can end up equal: "+
					"rename one of the blocks so that they differ earlier.",
				r.typ, r.logical, n.Addr, prev.typ, prev.logical, prev.node.Addr, name, n.Account, inRegion(region)))
		}
	}
	return diags
}

func inRegion(region string) string {
	if region == "" {
		return ""
	}
	return ", region " + region
}

type namedResourceValue struct {
	namedResource
	name string
}

// namedIn lists the resources of n's template named by a plain string
// (names built with intrinsic functions are left to CloudFormation), in
// logical ID order.
func namedIn(n *Node) []namedResourceValue {
	// Properties stay raw: only those of named types are decoded, and of
	// them only the name.
	var t struct {
		Resources map[string]struct {
			Type       string
			Properties json.RawMessage
		}
	}
	if json.Unmarshal(n.Stack.Template, &t) != nil {
		return nil
	}
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []namedResourceValue
	for _, id := range ids {
		r := t.Resources[id]
		spec, ok := namedResources[r.Type]
		if !ok {
			continue
		}
		if name, ok := namedBy(r.Properties, spec.property); ok {
			out = append(out, namedResourceValue{namedResource{n, id, r.Type, spec.property}, name})
		}
	}
	return out
}

// namedBy returns the property of properties that names a resource, when
// it is a plain string.
func namedBy(properties json.RawMessage, property string) (string, bool) {
	var props map[string]json.RawMessage
	if json.Unmarshal(properties, &props) != nil {
		return "", false
	}
	var name string
	if json.Unmarshal(props[property], &name) != nil {
		return "", false
	}
	return name, true
}
