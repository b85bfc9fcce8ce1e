package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"flightplan/stacks"
)

type renderArgs struct {
	Out      string
	ImageTag string
}

func renderCommand() *command {
	return &command{
		name:    "render",
		summary: "Write the exact CloudFormation templates, parameters, tags and SSM documents to a folder.",
		usage:   "flightplan render --out DIR [--image-tag TAG]",
		example: "  flightplan render --out rendered/\n  git diff --no-index old-render/ rendered/",
		setup: func(fs *pflag.FlagSet) func(*env, []string) int {
			a := &renderArgs{}
			fs.StringVarP(&a.Out, "out", "o", "", "the folder to write (required)")
			fs.StringVar(&a.ImageTag, "image-tag", "", "tag of built images (default: FLIGHTPLAN_IMAGE_TAG, the git commit, or a content hash)")
			return func(e *env, args []string) int { return runRender(e, a) }
		},
	}
}

func runRender(e *env, a *renderArgs) int {
	if a.Out == "" {
		fmt.Fprintln(e.stderr, "Error: render needs --out DIR: the folder to write the templates to")
		return exitError
	}
	cfg := e.load()
	if cfg == nil {
		return exitError
	}
	d, ok := e.compile(cfg, a.ImageTag, true)
	if !ok {
		return exitError
	}
	if err := stacks.Render(d, a.Out); err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		return exitError
	}
	fmt.Fprintf(e.stdout, "Wrote %d nodes to %s.\n", len(d.Nodes), a.Out)
	return exitOK
}
