package stacks

// IAM policy documents and roles.

const iamVersion = "2012-10-17"

// policyDoc is an IAM policy document.
func policyDoc(statements ...obj) obj {
	return obj{"Version": iamVersion, "Statement": list(toAny(statements))}
}

// allow is an Allow statement; resource is a string, a list or an intrinsic.
func allow(actions []string, resource any) obj {
	return obj{"Effect": "Allow", "Action": strs(actions), "Resource": resource}
}

// trust is the assume-role policy of a role assumable by principal.
func trust(principal obj) obj {
	return policyDoc(obj{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})
}

// servicePrincipal is an AWS service principal, e.g. "ecs-tasks.amazonaws.com".
func servicePrincipal(service string) obj { return obj{"Service": service} }

// awsPrincipal is an AWS principal: an account root or a role ARN (any form).
func awsPrincipal(arn any) obj { return obj{"AWS": arn} }

// inlinePolicy is one entry of a role's Policies.
func inlinePolicy(name string, statements ...obj) obj {
	return obj{"PolicyName": name, "PolicyDocument": policyDoc(statements...)}
}

// role builds an AWS::IAM::Role's properties. Every role gets the app's
// permissions boundary when it has one, as Copilot does.
func (c *compiler) role(account, region string, trustPolicy obj, policies ...obj) obj {
	p := obj{"AssumeRolePolicyDocument": trustPolicy}
	if len(policies) > 0 {
		p["Policies"] = list(toAny(policies))
	}
	if b := c.cfg.App.PermissionsBoundary; b != "" {
		p["PermissionsBoundary"] = "arn:" + partition(region) + ":iam::" + account + ":policy/" + b
	}
	return p
}

func toAny(os []obj) []any {
	l := make([]any, len(os))
	for i, o := range os {
		l[i] = o
	}
	return l
}
