package lang

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"flightplan/schema"
)

// Options says what to load.
type Options struct {
	File     string   // path to flightplan.hcl, or *.hcl.json (HCL JSON syntax)
	Vars     []string // "k=v" from --var, in order
	VarFiles []string // paths of .hcl / .hcl.json / .tfvars-style variable files
	Environ  []string // os.Environ()-style list; FLIGHTPLAN_VAR_name=value sets var.name
}

// Load reads, evaluates and validates the file named by opts.File. It
// reports every problem it finds in one pass; the Config is nil when the
// diagnostics hold an error, and non-nil (possibly with warnings) otherwise.
// Config.Files holds the source of every file read, for rendering the
// diagnostics with snippets; use LoadFiles to get the sources when loading
// fails.
func Load(opts Options) (*schema.Config, hcl.Diagnostics) {
	cfg, _, diags := LoadFiles(opts)
	return cfg, diags
}

// LoadFiles is Load that also returns the source of every file it read
// (keyed by the name used in diagnostics ranges), so that a caller can
// render the diagnostics with snippets when loading fails.
func LoadFiles(opts Options) (*schema.Config, map[string][]byte, hcl.Diagnostics) {
	l := newLoader(opts)
	l.run()
	if l.diags.HasErrors() {
		return nil, l.files, l.diags
	}
	l.cfg.Files = l.files
	return l.cfg, l.files, l.diags
}

// loader holds the state of one Load.
type loader struct {
	opts  Options
	dir   string
	files map[string][]byte
	diags hcl.Diagnostics
	cfg   *schema.Config

	top     map[string][]*node // top-level blocks by type, in file order
	locals  hcl.Attributes
	funcs   map[string]function.Function
	vars    map[string]cty.Value
	scope   map[string]cty.Value // var, local, app, image: the variables everywhere
	src     sources
	budget  *budget  // the work done so far, for every evaluation of this Load
	secrets *secrets // the sensitive strings met so far
	// envScopes are the variables of a workload's body in each environment
	// (see deploymentScopes), made once for all workloads; nothing writes
	// to the variables of an evaluation, so workloads evaluated at once
	// share them.
	envScopes map[string]map[string]cty.Value
	// plainScopes says, by environment, that no variable of its scope holds
	// a marked (sensitive) value (see evaluator.plain).
	plainScopes map[string]bool
	// plainFuncs are funcs for the evaluations of plain scopes
	// (functionsMarks); nil means funcs.
	plainFuncs map[string]function.Function
	// shared are the values that workloads evaluated in turn on this
	// goroutine share (sharedValues); nil disables sharing.
	shared *sharedValues
}

func newLoader(opts Options) *loader {
	dir := filepath.Dir(opts.File)
	l := &loader{
		opts:   opts,
		dir:    dir,
		files:  map[string][]byte{},
		cfg:    &schema.Config{Dir: dir},
		scope:  map[string]cty.Value{},
		src:    newSources(),
		budget: &budget{},
	}
	l.secrets = &secrets{files: l.files}
	l.funcs = functions(dir, l.budget)
	return l
}

// loadBeforeWorkloads runs the phases the workloads' evaluation reads:
// variables, the app, locals, images and environments.
func (l *loader) loadBeforeWorkloads() {
	l.loadVariables()
	l.loadApp()
	l.loadLocals()
	l.loadAppBody()
	l.loadImages()
	l.loadEnvironments()
}

// run executes the phases of Load; each phase runs only when the ones it
// needs succeeded well enough to give it meaningful input.
func (l *loader) run() {
	l.runBody(l.parse(l.opts.File))
}

// runBody runs the phases after parsing on the file's body; nil (a file
// that did not parse) does nothing.
func (l *loader) runBody(body hcl.Body) {
	if body == nil {
		return
	}
	l.decodeTop(body)
	if l.diags.HasErrors() && l.top["app"] == nil {
		return
	}
	l.loadBeforeWorkloads()
	l.loadWorkloads()
	l.checkConnectAliases()
	l.loadPipelines()
	l.checkReferences()
	l.diags = l.secrets.mask(dedupe(l.diags))
	l.cfg.Sensitive = append(l.cfg.Sensitive, l.secrets.values...)
	slices.Sort(l.cfg.Sensitive)
	l.cfg.Sensitive = slices.Compact(l.cfg.Sensitive)
}

// parse reads and parses one file, native or JSON syntax by its extension.
func (l *loader) parse(path string) hcl.Body {
	src, err := readLimited(path)
	if err != nil {
		l.diags = append(l.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cannot read the configuration file",
			Detail:   err.Error() + ". Pass the file with -f, or run flightplan in the folder that holds flightplan.hcl.",
		})
		return nil
	}
	return l.parseSource(src, path)
}

func (l *loader) parseSource(src []byte, path string) hcl.Body {
	l.files[path] = src
	if !isJSON(path) {
		body, diags := parseNative(src, path)
		l.diags = append(l.diags, diags...)
		if diags.HasErrors() {
			return nil
		}
		return body
	}
	if diags := checkNesting(src, path); diags != nil {
		l.diags = append(l.diags, diags...)
		return nil
	}
	f, diags := json.Parse(src, path)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || f == nil {
		return nil
	}
	return f.Body
}

func isJSON(path string) bool {
	return strings.HasSuffix(path, ".json")
}

// decodeTop splits the file into its top-level blocks and decodes each one's
// structure.
func (l *loader) decodeTop(body hcl.Body) {
	// The file's schema is shared (spec.schemas): locals are added to a
	// copy.
	bs := *fileSpec.bodySchema(body)
	bs.Blocks = append(slices.Clip(bs.Blocks), hcl.BlockHeaderSchema{Type: "locals"})
	content, diags := body.Content(&bs)
	l.diags = append(l.diags, diags...)
	l.top = map[string][]*node{}
	l.locals = hcl.Attributes{}
	for _, b := range content.Blocks {
		if b.Type == "locals" {
			l.addLocals(b)
			continue
		}
		n, d := decodeBlock(b, fileSpec.blocks[b.Type].body)
		l.diags = append(l.diags, d...)
		l.top[b.Type] = append(l.top[b.Type], n)
	}
	l.checkDuplicateNames()
}

func (l *loader) addLocals(b *hcl.Block) {
	attrs, diags := b.Body.JustAttributes()
	l.diags = append(l.diags, diags...)
	for name, a := range attrs {
		if prev, ok := l.locals[name]; ok {
			l.errorf(a.NameRange, "Duplicate local value",
				"A local value named %q is already defined at %s. Each local needs a unique name.", name, prev.NameRange)
			continue
		}
		l.locals[name] = a
	}
}

// checkDuplicateNames reports two blocks of one type with the same name, and
// a service and a job with the same name (they share one SSM path).
func (l *loader) checkDuplicateNames() {
	for _, typ := range []string{"app", "environment", "image", "pipeline", "variable"} {
		l.checkUnique(l.top[typ], typ)
	}
	l.checkUnique(append(append([]*node(nil), l.top["service"]...), l.top["job"]...), "workload")
}

func (l *loader) checkUnique(nodes []*node, typ string) {
	seen := map[string]*node{}
	for _, n := range nodes {
		name := n.Labels[0]
		prev, ok := seen[name]
		if !ok {
			seen[name] = n
			continue
		}
		detail := "Each %s needs a unique name; the first %q is declared at %s."
		if typ == "workload" {
			detail = "Services and jobs share one namespace (Copilot stores both under /copilot/applications/{app}/components/{name}); rename one. The first %[2]q is declared at %[3]s."
		}
		l.errorf(n.labelRange(), "Duplicate "+n.Type+" name", detail, typ, name, prev.DefRange)
	}
}
