package view

import (
	"bytes"
	"io"
	"testing"

	"flightplan/planner"
	"flightplan/planner/plantest"
)

func TestWriteGraph(t *testing.T) {
	d := plantest.Desired(plantest.Spec{Envs: []string{"prod", "test"}, Jobs: []string{"batch"}})
	g, err := planner.BuildGraph(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]func(io.Writer, *planner.Graph) error{
		"graph.dot": WriteGraphDOT,
		"graph.mmd": WriteGraphMermaid,
	}
	for name, write := range tests {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := write(&b, g); err != nil {
				t.Fatal(err)
			}
			golden(t, name, b.Bytes())
		})
	}
}
