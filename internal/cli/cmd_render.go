package cli

import (
	"errors"

	"github.com/spf13/pflag"

	"flightplan/stacks"
	"flightplan/view"
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
		setup: func(fs *pflag.FlagSet) runFunc {
			a := &renderArgs{}
			fs.StringVarP(&a.Out, "out", "o", "", "the folder to write (required)")
			fs.StringVar(&a.ImageTag, "image-tag", "", "tag of built images (default: FLIGHTPLAN_IMAGE_TAG, the git commit, or a content hash)")
			return func(e *env, args []string) (int, error) { return runRender(e, a) }
		},
	}
}

func runRender(e *env, a *renderArgs) (int, error) {
	if a.Out == "" {
		return exitError, errors.New("render needs --out DIR: the folder to write the templates to")
	}
	cfg, err := e.load()
	if err != nil {
		return exitError, err
	}
	d, err := e.compile(cfg, a.ImageTag)
	if err != nil {
		return exitError, err
	}
	if err := stacks.Render(d, a.Out); err != nil {
		return exitError, err
	}
	_ = view.WriteRendered(e.stdout, len(d.Nodes), a.Out)
	return exitOK, nil
}
