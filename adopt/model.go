package adopt

// Application is what Copilot knows of an application: its SSM documents,
// and the manifests of its environments and workloads (from the workspace,
// or from Metadata.Manifest of the deployed templates).
type Application struct {
	Name    string
	Account string
	Region  string // where Copilot's SSM documents live: the app's home region
	Domain  string // the app's domain, "" without one
	Envs    []Env
	// Workloads are the services and jobs, in the order they are written.
	Workloads []Workload
	// Pipelines are the workspace's pipelines, by name.
	Pipelines []Pipeline
	// EnvAddons are the templates of copilot/environments/addons/, which
	// every environment deploys; EnvAddonParameters says there is an
	// addons.parameters.yml there.
	EnvAddons          map[string][]byte
	EnvAddonParameters bool
}

// Env is one Copilot environment.
type Env struct {
	Name     string
	Account  string
	Region   string
	Manifest []byte // YAML; nil when unknown (the defaults Copilot used)
}

// Workload is one Copilot service or job.
type Workload struct {
	Name     string
	Type     string // Copilot's type: "Load Balanced Web Service", "Scheduled Job", …
	Manifest []byte // YAML
	// Deployed lists the environments it runs in (its stacks exist), in the
	// application's environment order; nil means every environment.
	Deployed []string
	// Addons are its addon templates (copilot/{name}/addons/): file name →
	// text. The file declares each as a nested addon, copied beside it.
	Addons map[string][]byte
	// AddonParameters says it has an addons.parameters.yml.
	AddonParameters bool
}

// Unsupported is a manifest field that flightplan cannot express: where
// it is, and why. The file carries it as a comment at that place.
type Unsupported struct {
	Where  string // "service api: storage.volumes", "environment test: cdn"
	Reason string
}

func (u Unsupported) String() string { return u.Where + ": " + u.Reason }
