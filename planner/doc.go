// Package planner turns the desired state (package stacks) and the live state
// read from AWS into a Plan: the dependency graph of the nodes, the reading
// of live state, the diff, and the Plan data model with its JSON encoding.
//
// The Plan is data. Apply consumes a Plan and nothing else; every view (text,
// JSON, markdown) is rendered from the same Plan.
package planner
