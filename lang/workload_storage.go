package lang

import (
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"flightplan/schema"
)

// The storage block of a service or job (Copilot's storage field). efs is
// an attribute, true for the environment's managed file system or an
// object for an existing one, so that both forms read the same in HCL and
// in JSON.
var (
	volumeSpec = mkSpec([]string{"path!", "read_only", "efs"}, nil)

	storageSpec = mkSpec([]string{"ephemeral", "readonly_fs"},
		map[string]blockSpec{"volume": {labels: []string{"name"}, body: volumeSpec, many: true}})

	efsAuthType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
		"iam": cty.Bool, "access_point_id": cty.String,
	}, []string{"iam", "access_point_id"})

	efsType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
		"id": cty.String, "root_dir": cty.String, "uid": cty.Number, "gid": cty.Number, "auth": efsAuthType,
	}, []string{"id", "root_dir", "uid", "gid", "auth"})

	mountPointType = cty.ObjectWithOptionalAttrs(map[string]cty.Type{
		"source_volume": cty.String, "path": cty.String, "read_only": cty.Bool,
	}, []string{"source_volume", "path", "read_only"})
)

// storage reads the storage block into d.Storage (nil without one).
func (l *loader) storage(e *evaluator, n *node, d *schema.Deployment) {
	sn := n.block("storage")
	if sn == nil {
		return
	}
	s := &schema.Storage{}
	e.intIn(sn, "ephemeral", "ephemeral storage (GiB)", &s.Ephemeral, schema.DefaultEphemeral, schema.MaxEphemeral)
	e.flag(sn, "readonly_fs", &s.ReadonlyFS)
	first := map[string]*node{}
	var managed *node
	for _, vn := range sn.Blocks["volume"] {
		name := vn.Labels[0]
		if f := first[name]; f != nil {
			e.errorf(vn.labelRange(), "Duplicate volume", "There is already a volume %q at %s; give each volume its own name.", name, f.DefRange)
			continue
		}
		first[name] = vn
		v := volume(e, vn)
		if v == nil {
			continue
		}
		if v.EFS != nil && v.EFS.Managed {
			if managed != nil {
				e.errorf(vn.attr("efs").Expr.Range(), "More than one managed EFS volume",
					"Volume %q at %s already uses the environment's managed file system; a workload has one access point on it, so at most one volume may. Mount that volume in more places with sidecars' mount_points, or give this one an existing file system (efs = { id = \"fs-…\" }).",
					managed.Labels[0], managed.DefRange)
				continue
			}
			managed = vn
		}
		s.Volumes = append(s.Volumes, v)
	}
	checkVolumePaths(e, sn, s.Volumes)
	slices.SortFunc(s.Volumes, func(a, b *schema.Volume) int { return strings.Compare(a.Name, b.Name) })
	d.Storage = s
}

// checkVolumePaths refuses two volumes mounted at one path of the main
// container, which ECS cannot start.
func checkVolumePaths(e *evaluator, sn *node, vols []*schema.Volume) {
	at := map[string]string{}
	for _, v := range vols {
		if v.Path == "" {
			continue
		}
		if other, ok := at[v.Path]; ok {
			vn := sn.Blocks["volume"][slices.IndexFunc(sn.Blocks["volume"], func(n *node) bool { return n.Labels[0] == v.Name })]
			e.errorf(vn.attr("path").Expr.Range(), "Two volumes at one path",
				"Volume %q is mounted at %s too; the main container can mount one volume per path. Give each volume its own path.", other, v.Path)
			continue
		}
		at[v.Path] = v.Name
	}
}

// volume reads one volume block; nil when its name is unusable (reported).
func volume(e *evaluator, n *node) *schema.Volume {
	v := &schema.Volume{Name: n.Labels[0], ReadOnly: true}
	if err := schema.CheckVolumeName(v.Name); err != nil {
		e.errorf(n.labelRange(), "Invalid volume name", "%s.", capitalize(err.Error()))
		return nil
	}
	if a := e.str(n, "path", &v.Path); a != nil {
		e.check(a, "Invalid volume path", schema.CheckVolumePath(v.Path))
	}
	e.flag(n, "read_only", &v.ReadOnly)
	v.EFS = efs(e, n.attr("efs"))
	return v
}

// efs reads a volume's efs attribute: true for the managed file system,
// false or absent for none, or an object.
func efs(e *evaluator, a *hcl.Attribute) *schema.EFS {
	if a == nil {
		return nil
	}
	v, ok := e.value(a.Expr, cty.DynamicPseudoType)
	if !ok {
		return nil
	}
	if v.Type() == cty.Bool {
		if v.True() {
			return &schema.EFS{Managed: true}
		}
		return nil
	}
	if bad := extraKeys(v, efsType); bad != "" {
		e.errorf(a.Expr.Range(), "Invalid efs", "efs has no setting %q; its settings are id, root_dir and auth (an existing file system) or uid and gid (the managed one).", bad)
		return nil
	}
	obj, err := convert.Convert(v, efsType)
	if err != nil || !v.Type().IsObjectType() {
		e.errorf(a.Expr.Range(), "Invalid efs",
			"efs is true (the environment's managed file system), false, or an object with id, root_dir and auth (an existing file system) or uid and gid (the managed one with your POSIX user). Here: %s.", problemOf(err, v))
		return nil
	}
	return efsConfig(e, a.Expr.Range(), obj)
}

// extraKeys names the first key of object v (and of its object auth) that
// type ty does not have; empty when there is none. Conversion would drop
// such a key silently.
func extraKeys(v cty.Value, ty cty.Type) string {
	if !v.Type().IsObjectType() {
		return ""
	}
	for _, k := range sortedNames(v.Type().AttributeTypes()) {
		if !ty.HasAttribute(k) {
			return k
		}
		if at := ty.AttributeType(k); at.IsObjectType() && !v.GetAttr(k).IsNull() {
			if bad := extraKeys(v.GetAttr(k), at); bad != "" {
				return k + "." + bad
			}
		}
	}
	return ""
}

func problemOf(err error, v cty.Value) string {
	if err != nil {
		return err.Error()
	}
	return "it is " + v.Type().FriendlyName()
}

// efsConfig checks an efs object, with Copilot's rules: uid and gid
// together, never 0, and not with id, root_dir or auth; an access point
// with the file system's root and IAM not turned off.
func efsConfig(e *evaluator, rng hcl.Range, obj cty.Value) *schema.EFS {
	c := &schema.EFS{RootDir: schema.DefaultRootDir}
	id, rootDir := optStr(obj, "id"), optStr(obj, "root_dir")
	uid, uidOK := optUint32(e, rng, obj, "uid")
	gid, gidOK := optUint32(e, rng, obj, "gid")
	auth := obj.GetAttr("auth")
	byo := id != "" || rootDir != "" || !auth.IsNull()
	switch {
	case (uidOK || gidOK) && byo:
		e.errorf(rng, "Invalid efs", "uid and gid (for the managed file system) cannot be set with id, root_dir or auth (for an existing one); keep one kind.")
		return nil
	case uidOK != gidOK:
		e.errorf(rng, "Invalid efs", "Set uid and gid together: they are the POSIX user and group of the managed file system's access point.")
		return nil
	case uidOK:
		if uid == 0 {
			e.errorf(rng, "Invalid efs", "uid must not be 0: the access point would give the tasks root on the file system.")
			return nil
		}
		return &schema.EFS{Managed: true, UID: uid, GID: gid}
	case id == "":
		e.errorf(rng, "Invalid efs", "An existing file system needs its id (efs = { id = \"fs-…\" }); for the environment's managed file system write efs = true.")
		return nil
	}
	c.ID = id
	if err := schema.CheckFileSystemID(id); err != nil {
		e.errorf(rng, "Invalid efs id", "%s.", capitalize(err.Error()))
		return nil
	}
	return efsExisting(e, rng, c, rootDir, auth)
}

// efsExisting reads root_dir and auth of an existing file system.
func efsExisting(e *evaluator, rng hcl.Range, c *schema.EFS, rootDir string, auth cty.Value) *schema.EFS {
	if rootDir != "" {
		if err := schema.CheckVolumePath(rootDir); err != nil {
			e.errorf(rng, "Invalid efs root_dir", "%s.", capitalize(err.Error()))
			return nil
		}
		c.RootDir = rootDir
	}
	iamSet := false
	if !auth.IsNull() {
		if iam := auth.GetAttr("iam"); !iam.IsNull() {
			c.IAM, iamSet = iam.True(), true
		}
		c.AccessPointID = optStr(auth, "access_point_id")
	}
	if c.AccessPointID == "" {
		return c
	}
	if err := schema.CheckAccessPointID(c.AccessPointID); err != nil {
		e.errorf(rng, "Invalid efs access_point_id", "%s.", capitalize(err.Error()))
		return nil
	}
	if c.RootDir != schema.DefaultRootDir || (iamSet && !c.IAM) {
		e.errorf(rng, "Invalid efs", "With auth.access_point_id, root_dir must be \"/\" or unset (the access point has its own root directory) and auth.iam must not be false.")
		return nil
	}
	return c
}

func optStr(obj cty.Value, name string) string {
	if v := obj.GetAttr(name); !v.IsNull() {
		return v.AsString()
	}
	return ""
}

// optUint32 reads a POSIX ID; ok is false when it is not set or invalid
// (reported).
func optUint32(e *evaluator, rng hcl.Range, obj cty.Value, name string) (uint32, bool) {
	v := obj.GetAttr(name)
	if v.IsNull() {
		return 0, false
	}
	i, acc := v.AsBigFloat().Int64()
	if acc != big.Exact || i < 0 || i > 1<<32-1 {
		e.errorf(rng, "Invalid efs "+name, "%s must be a whole number from 1 to 4294967295.", name)
		return 0, false
	}
	return uint32(i), true
}

// mountPoints reads a sidecar's mount_points: each names a volume of the
// task's storage block.
func mountPoints(e *evaluator, n *node, s *schema.Storage) []schema.MountPoint {
	v, a := e.attr(n, "mount_points", cty.DynamicPseudoType)
	if a == nil {
		return nil
	}
	if !v.Type().IsTupleType() && !v.Type().IsListType() {
		e.errorf(a.Expr.Range(), "Invalid mount_points", "mount_points is a list of objects, for example [{ source_volume = \"data\", path = \"/data\" }].")
		return nil
	}
	var out []schema.MountPoint
	paths := map[string]bool{}
	for i, raw := range v.AsValueSlice() {
		rng := elemRange(n, "mount_points", i)
		if bad := extraKeys(raw, mountPointType); bad != "" {
			e.errorf(rng, "Invalid mount point", "A mount point has no setting %q; its settings are source_volume, path and read_only.", bad)
			continue
		}
		el, err := convert.Convert(raw, mountPointType)
		if err != nil || el.IsNull() {
			e.errorf(rng, "Invalid mount point", "A mount point is an object like { source_volume = \"data\", path = \"/data\", read_only = false }. Here: %s.", problemOf(err, raw))
			continue
		}
		mp, ok := mountPoint(e, rng, el, s)
		switch {
		case ok && paths[mp.Path]:
			e.errorf(rng, "Two mount points at one path", "Another mount point of this sidecar is at %s; a container can mount one volume per path.", mp.Path)
		case ok:
			paths[mp.Path] = true
			out = append(out, mp)
		}
	}
	return out
}

func mountPoint(e *evaluator, rng hcl.Range, el cty.Value, s *schema.Storage) (schema.MountPoint, bool) {
	mp := schema.MountPoint{SourceVolume: optStr(el, "source_volume"), Path: optStr(el, "path"), ReadOnly: true}
	if ro := el.GetAttr("read_only"); !ro.IsNull() {
		mp.ReadOnly = ro.True()
	}
	switch {
	case mp.SourceVolume == "" || mp.Path == "":
		e.errorf(rng, "Invalid mount point", "A mount point needs source_volume (a volume of the storage block) and path (where the sidecar sees it), for example { source_volume = \"data\", path = \"/data\" }.")
		return mp, false
	case len(volumeNames(s)) == 0:
		e.errorf(rng, "Unknown volume", "There is no volume %q: a sidecar mounts the task's volumes, and this workload declares none. Add storage { volume %q { path = \"…\" } }.",
			mp.SourceVolume, mp.SourceVolume)
		return mp, false
	case s.Volume(mp.SourceVolume) == nil:
		e.errorf(rng, "Unknown volume", "There is no volume %q in the storage block; the volumes are %s. A sidecar mounts the task's volumes, which storage { volume \"NAME\" { … } } declares.",
			mp.SourceVolume, known(volumeNames(s)))
		return mp, false
	}
	if err := schema.CheckVolumePath(mp.Path); err != nil {
		e.errorf(rng, "Invalid mount point path", "%s.", capitalize(err.Error()))
		return mp, false
	}
	return mp, true
}

func volumeNames(s *schema.Storage) []string {
	var names []string
	if s != nil {
		for _, v := range s.Volumes {
			names = append(names, v.Name)
		}
	}
	return names
}
