package view

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	"flightplan/planner"
)

// WriteGraphDOT writes the graph in Graphviz DOT. An arrow A -> B means A
// depends on B (B is applied first), as in planner.Graph. Nodes and edges
// are written in sorted order, so the output is deterministic.
func WriteGraphDOT(w io.Writer, g *planner.Graph) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, "digraph flightplan {")
	fmt.Fprintln(b, "  rankdir = \"RL\";")
	fmt.Fprintln(b, "  node [shape = box];")
	for _, a := range g.Nodes() {
		fmt.Fprintf(b, "  %s;\n", strconv.Quote(a.String()))
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(b, "  %s -> %s;\n", strconv.Quote(e.From.String()), strconv.Quote(e.To.String()))
	}
	fmt.Fprintln(b, "}")
	return b.Flush()
}

// WriteGraphMermaid writes the graph as a mermaid flowchart inside a
// ```mermaid fence, so that pasted into markdown (a pull request, an issue,
// a README) GitHub renders it as a diagram. Mermaid ids cannot hold slashes, so each node gets
// the id nN (N its rank in sorted order) and its address as label. Arrows
// mean "depends on", as in WriteGraphDOT.
func WriteGraphMermaid(w io.Writer, g *planner.Graph) error {
	b := bufio.NewWriter(w)
	fmt.Fprintln(b, "```mermaid")
	fmt.Fprintln(b, "flowchart RL")
	ids := map[string]string{}
	for i, a := range g.Nodes() {
		ids[a.String()] = fmt.Sprintf("n%d", i)
		fmt.Fprintf(b, "  n%d[\"%s\"]\n", i, a)
	}
	for _, e := range g.Edges() {
		fmt.Fprintf(b, "  %s --> %s\n", ids[e.From.String()], ids[e.To.String()])
	}
	fmt.Fprintln(b, "```")
	return b.Flush()
}
