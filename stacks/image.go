package stacks

import (
	"path"
	"slices"

	"flightplan/addr"
	"flightplan/schema"
)

// The image/{name} nodes: one per image block with build (an image with
// location is the user's to publish, and gets none).
//
// An image is built once and pushed to its repository in every region
// stack that holds one (region.go: a repository in each region that has an
// environment, so that tasks pull from their own region), so the node
// depends on each of those app/region/{r} nodes, and every deployment that
// runs the image depends on the node: no task definition is deployed before
// its image exists. The node lives in the app's account and region; its
// repositories say where each push goes.
//
// Paths stay as the file wrote them, relative to Config.Dir (ImageBuild.Dir)
// and slash-separated, so that the desired state and the rendered files do
// not depend on the machine (Render leaves Dir out; a saved plan keeps it,
// to build from the folder the plan was made in): the builder resolves them.

// ImageBuild is how to build one image and where to push it.
type ImageBuild struct {
	Name string `json:"name"`
	// Dir is the configuration's folder (schema.Config.Dir); Context and
	// Dockerfile are relative to it, slash-separated.
	Dir        string            `json:"dir"`
	Context    string            `json:"context"`
	Dockerfile string            `json:"dockerfile"`
	Target     string            `json:"target,omitempty"`
	Args       map[string]string `json:"args,omitempty"`
	CacheFrom  []string          `json:"cache_from,omitempty"`
	// Platform is schema.PlatformAMD64 or schema.PlatformARM64.
	Platform string `json:"platform"`
	// Tag is the tag pushed to every repository (Options.ImageTag, or
	// "latest").
	Tag string `json:"tag"`
	// Repositories are where the image is pushed, sorted by region.
	Repositories []ImageRepository `json:"repositories"`
}

// ImageRepository is one ECR repository of a built image.
type ImageRepository struct {
	Account string `json:"account"`
	Region  string `json:"region"`
	// URI is "{account}.dkr.ecr.{region}.{suffix}/{app}/{image}", without
	// a tag.
	URI string `json:"uri"`
}

// Ref is the image's reference in a repository: URI:Tag.
func (r ImageRepository) Ref(tag string) string { return r.URI + ":" + tag }

// Name is the repository's name ({app}/{image}): the URI without its host.
func (r ImageRepository) Name() string {
	for i := 0; i < len(r.URI); i++ {
		if r.URI[i] == '/' {
			return r.URI[i+1:]
		}
	}
	return r.URI
}

// imageNodes are the nodes of the images with build.
func (c *compiler) imageNodes() []*Node {
	var out []*Node
	for _, img := range c.cfg.Images {
		if img.Build != nil {
			out = append(out, c.imageNode(img))
		}
	}
	return out
}

func (c *compiler) imageNode(img *schema.Image) *Node {
	n := c.appHome(addr.Image(img.Name))
	b := img.Build
	ib := &ImageBuild{
		Name: img.Name, Dir: c.cfg.Dir, Context: b.Context, Dockerfile: b.Dockerfile, Target: b.Target,
		Args: b.Args, CacheFrom: b.CacheFrom, Platform: img.Platform, Tag: c.imageTag(),
	}
	for _, region := range c.regions() {
		ib.Repositories = append(ib.Repositories, ImageRepository{
			Account: c.cfg.App.Account, Region: region,
			URI: registry(c.cfg.App.Account, region) + "/" + repoName(c.cfg.App.Name, img.Name),
		})
		n.DependsOn = append(n.DependsOn, addr.Region(region))
	}
	if ib.Dockerfile == "" {
		ib.Dockerfile = path.Join(ib.Context, schema.DefaultBuildDockerfileSuffix)
	}
	n.Image = ib
	return n
}

// imageTag is the tag of built images.
func (c *compiler) imageTag() string {
	if c.opts.ImageTag == "" {
		return "latest"
	}
	return c.opts.ImageTag
}

// builtImages names the images with build that a deployment's containers
// run (the main container's, then the sidecars'), each once; URIs and
// images with location are not built.
func (c *compiler) builtImages(d *schema.Deployment) []string {
	if d == nil {
		return nil
	}
	refs := []schema.ImageRef{d.Image}
	for _, sc := range d.Sidecars {
		refs = append(refs, sc.Image)
	}
	var names []string
	for _, r := range refs {
		if img := c.cfg.Image(r.Name); r.Name != "" && img != nil && img.Build != nil && !slices.Contains(names, img.Name) {
			names = append(names, img.Name)
		}
	}
	return names
}
