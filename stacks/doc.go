// Package stacks compiles a schema.Config into the desired AWS state of every
// node of the graph: CloudFormation templates (canonical JSON), stack
// parameters and tags, and Copilot-compatible SSM documents, with the names
// and the layout of DESIGN §3. It calls no AWS API and imports no AWS SDK.
package stacks
