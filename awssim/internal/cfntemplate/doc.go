// Package cfntemplate is the simulator's CloudFormation template engine:
// it parses a template (JSON or YAML, short forms included) into its
// sections and validates it as CloudFormation does before it accepts a
// stack operation (known resource types, resolvable references, no
// cycles); it resolves parameters, evaluates intrinsic functions and
// conditions, and makes up the physical IDs and Fn::GetAtt attributes of
// resources in the shapes AWS uses.
//
// It knows nothing of stacks: package cfn runs operations with it. Its
// errors are *simcore.APIError values carrying CloudFormation's codes and
// messages, returned as they are by the API.
package cfntemplate
