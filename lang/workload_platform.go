package lang

import (
	"slices"
	"strings"

	"flightplan/schema"
)

// workloadPlatform reads a workload's platform (Copilot's platform): a
// Linux architecture, which must match an image block's, or one of the
// Windows platforms, which run on x86-64.
func workloadPlatform(e *evaluator, n *node, d *schema.Deployment) {
	var p string
	a := e.str(n, "platform", &p)
	if a == nil {
		return
	}
	arch, ok := schema.NormalizePlatform(p)
	if slices.Contains(schema.WindowsPlatforms, p) {
		arch, ok = schema.PlatformAMD64, true
		d.OS = p
	}
	if !ok || p == "" {
		e.errorf(a.Expr.Range(), "Invalid platform", "%q is not a platform; use \"linux/amd64\" (the default), \"linux/arm64\" or a Windows platform: %s.",
			p, strings.Join(schema.WindowsPlatforms, ", "))
		return
	}
	if d.Image.Name != "" && d.Image.Platform != arch {
		e.errorf(a.Expr.Range(), "Platform other than the image's",
			"Image %q is built for %s but the workload's platform %q runs %s; set the image block's platform to match, or remove this one.", d.Image.Name, d.Image.Platform, p, arch)
		return
	}
	d.Image.Platform = arch
	if d.Type == schema.TypeRequestDriven && d.OS != "" {
		e.errorf(a.Expr.Range(), "Windows on a request-driven service", "Windows is not supported for App Runner services (as Copilot says); use a Linux image, or another service type.")
	}
}

// checkWindows applies Copilot's rules for Windows tasks: "readonly_fs"
// can not be true and EFS is not supported.
func checkWindows(e *evaluator, n *node, d *schema.Deployment) {
	if d.OS == "" || d.Storage == nil {
		return
	}
	sn := n.block("storage")
	if a := sn.attr("readonly_fs"); a != nil && d.Storage.ReadonlyFS {
		e.errorf(a.Expr.Range(), "readonly_fs on Windows", "\"readonly_fs\" can not be set to true when deploying a Windows container (Copilot's rule); remove it.")
	}
	for _, v := range d.Storage.Volumes {
		if v.EFS != nil {
			e.errorf(sn.DefRange, "EFS on Windows", "EFS is not supported when deploying a Windows container (Copilot's rule): volume %q uses a file system; remove its efs.", v.Name)
		}
	}
}
