package view

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"

	"flightplan/planner"
)

// WriteOutputs writes each node's stack outputs: a heading per node and
// its outputs as aligned name-value lines; "No outputs" when there are none.
func WriteOutputs(w io.Writer, nodes []planner.NodeOutputs) error {
	if len(nodes) == 0 {
		_, err := fmt.Fprintln(w, "No outputs: no stack of the application is deployed yet (run apply).")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, n := range nodes {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "%s  (stack %s, %s/%s)\n", n.Address, n.Stack, n.Account, n.Region)
		for _, k := range slices.Sorted(maps.Keys(n.Outputs)) {
			fmt.Fprintf(tw, "  %s\t%s\n", k, n.Outputs[k])
		}
	}
	return tw.Flush()
}

// WriteOutputsJSON writes the outputs as one JSON array, for scripts:
// [{"address", "stack", "account", "region", "status", "outputs": {…}}].
func WriteOutputsJSON(w io.Writer, nodes []planner.NodeOutputs) error {
	if nodes == nil {
		nodes = []planner.NodeOutputs{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(nodes)
}

// WriteOutputValue writes one output's value alone, for $(flightplan
// output ADDR NAME).
func WriteOutputValue(w io.Writer, value string) error {
	_, err := fmt.Fprintln(w, value)
	return err
}

// WriteServiceURLs ends an apply, as Copilot's deploy does, with where
// each service it touched answers; nothing when there is none.
func WriteServiceURLs(w io.Writer, services []planner.ServiceURLs) error {
	if len(services) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nServices:")
	for _, s := range services {
		for i, u := range s.URLs {
			name := s.Addr.String()
			if i > 0 {
				name = ""
			}
			fmt.Fprintf(tw, "  %s\t%s\n", name, u)
		}
	}
	return tw.Flush()
}
