package stacks

// IAM policy documents and roles.

import "sync"

const iamVersion = "2012-10-17"

// policyDoc is an IAM policy document.
func policyDoc(statements ...any) any {
	return mk(pair{"Version", iamVersion}, pair{"Statement", list(statements)})
}

// allow is an Allow statement; resource is a string, a list or an intrinsic.
func allow(actions []string, resource any) any {
	return mk(pair{"Effect", "Allow"}, pair{"Action", strs(actions)}, pair{"Resource", resource})
}

// allowIf is an Allow statement that applies under condition.
func allowIf(actions []string, resource, condition any) any {
	return mk(pair{"Effect", "Allow"}, pair{"Action", strs(actions)}, pair{"Resource", resource}, pair{"Condition", condition})
}

// trust is the assume-role policy of a role assumable by principal.
func trust(principal any) any {
	return policyDoc(mk(pair{"Effect", "Allow"}, pair{"Principal", principal}, pair{"Action", "sts:AssumeRole"}))
}

// serviceTrust is trust(servicePrincipal(service)), built once per
// service and shared by every role that has it: documents are not changed
// once built, and each deployment has several such roles.
func serviceTrust(service string) any {
	if doc, ok := serviceTrusts.Load(service); ok {
		return doc
	}
	doc, _ := serviceTrusts.LoadOrStore(service, trust(servicePrincipal(service)))
	return doc
}

var serviceTrusts sync.Map // service → its trust document

// servicePrincipal is an AWS service principal, e.g. "ecs-tasks.amazonaws.com".
func servicePrincipal(service string) any { return mk(pair{"Service", service}) }

// awsPrincipal is an AWS principal: an account root or a role ARN (any form).
func awsPrincipal(arn any) any { return mk(pair{"AWS", arn}) }

// inlinePolicy is one entry of a role's Policies.
func inlinePolicy(name string, statements ...any) any {
	return mk(pair{"PolicyName", name}, pair{"PolicyDocument", policyDoc(statements...)})
}

// role builds an AWS::IAM::Role's properties. Every role gets the app's
// permissions boundary when it has one, as Copilot does.
func (c *compiler) role(account, region string, trustPolicy any, policies ...any) fields {
	p := make(fields, 1, 4) // room for what callers add
	p[0] = pair{"AssumeRolePolicyDocument", trustPolicy}
	if len(policies) > 0 {
		p.set("Policies", list(policies))
	}
	if b := c.cfg.App.PermissionsBoundary; b != "" {
		p.set("PermissionsBoundary", "arn:"+partition(region)+":iam::"+account+":policy/"+b)
	}
	return p
}

func toAny(os []any) []any {
	l := make([]any, len(os))
	for i, o := range os {
		l[i] = o
	}
	return l
}
