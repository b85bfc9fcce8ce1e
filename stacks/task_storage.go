package stacks

import (
	"encoding/json"
	"strconv"

	"flightplan/schema"
)

// A workload's storage (Copilot's storage field): the task definition's
// volumes and ephemeral storage, the containers' mount points, the task
// role's EFS permissions, and the access point on the environment's
// managed file system (see env_storage.go).

// outManagedFileSystem is the environment stack's output with the managed
// file system's ID, exported as {app}-{env}-FilesystemID (Copilot's names).
const (
	outManagedFileSystem    = "ManagedFileSystemID"
	exportManagedFileSystem = "FilesystemID"
)

// managedFileSystem is the environment's managed file system's ID.
func (ws *workloadStack) managedFileSystem() any {
	return ws.importEnv(exportManagedFileSystem)
}

// storageSettings adds the task definition's volumes and ephemeral storage.
func (ws *workloadStack) storageSettings(td *fields) {
	s := ws.deployment.Storage
	if s == nil {
		return
	}
	if s.Ephemeral > schema.DefaultEphemeral {
		td.set("EphemeralStorage", mk(pair{"SizeInGiB", s.Ephemeral}))
	}
	if vols := ws.volumes(); len(vols) > 0 {
		td.set("Volumes", vols)
	}
}

// volumes are the task's volumes: the managed one first, as Copilot lists
// it, then the others by name.
func (ws *workloadStack) volumes() list {
	s := ws.deployment.Storage
	var l list
	if m := s.ManagedVolume(); m != nil {
		l = append(l, mk(pair{"Name", m.Name}, pair{"EFSVolumeConfiguration", mk(
			pair{"FilesystemId", ws.managedFileSystem()},
			pair{"RootDirectory", schema.DefaultRootDir},
			pair{"TransitEncryption", "ENABLED"},
			pair{"AuthorizationConfig", mk(pair{"AccessPointId", ref("AccessPoint")}, pair{"IAM", "ENABLED"})},
		)}))
	}
	for _, v := range s.Volumes {
		switch {
		case v.EFS == nil:
			l = append(l, mk(pair{"Name", v.Name}))
		case !v.EFS.Managed:
			l = append(l, mk(pair{"Name", v.Name}, pair{"EFSVolumeConfiguration", existingEFS(v.EFS)}))
		}
	}
	return l
}

// existingEFS is the volume configuration of a file system the file names.
// IAM is DISABLED unless auth.iam is true, as in Copilot.
func existingEFS(e *schema.EFS) any {
	auth := obj{"IAM": enabled(e.IAM)}
	if e.AccessPointID != "" {
		auth["AccessPointId"] = e.AccessPointID
	}
	return mk(
		pair{"FilesystemId", e.ID},
		pair{"RootDirectory", e.RootDir},
		pair{"TransitEncryption", "ENABLED"},
		pair{"AuthorizationConfig", auth},
	)
}

func enabled(b bool) string {
	if b {
		return "ENABLED"
	}
	return "DISABLED"
}

// mainStorage adds the main container's mount points (every volume, at its
// path) and its read-only root file system.
func (ws *workloadStack) mainStorage(ct *fields) {
	s := ws.deployment.Storage
	if s == nil {
		return
	}
	var mps []schema.MountPoint
	for _, v := range s.Volumes {
		mps = append(mps, schema.MountPoint{SourceVolume: v.Name, Path: v.Path, ReadOnly: v.ReadOnly})
	}
	if len(mps) > 0 {
		ct.set("MountPoints", mountPointList(mps))
	}
	if s.ReadonlyFS {
		ct.set("ReadonlyRootFilesystem", true)
	}
}

// sidecarStorage adds a sidecar's mount points.
func sidecarStorage(ct *fields, sc *schema.Sidecar) {
	if len(sc.MountPoints) > 0 {
		ct.set("MountPoints", mountPointList(sc.MountPoints))
	}
}

func mountPointList(mps []schema.MountPoint) list {
	l := list{}
	for _, mp := range mps {
		l = append(l, mk(pair{"ContainerPath", mp.Path}, pair{"ReadOnly", mp.ReadOnly}, pair{"SourceVolume", mp.SourceVolume}))
	}
	return l
}

// mountPointsVariable is Copilot's COPILOT_MOUNT_POINTS: a JSON object of
// the main container's volume names to their paths; empty without volumes.
func (ws *workloadStack) mountPointsVariable() string {
	s := ws.deployment.Storage
	if s == nil || len(s.Volumes) == 0 {
		return ""
	}
	m := map[string]string{}
	for _, v := range s.Volumes {
		m[v.Name] = v.Path
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return string(b)
}

// accessPoint adds the workload's access point on the environment's
// managed file system: a directory named after the workload, owned by the
// access point's POSIX user. Deleting the workload deletes the access
// point, not the directory or its files.
func (ws *workloadStack) accessPoint() {
	m := ws.deployment.Storage.ManagedVolume()
	if m == nil {
		return
	}
	uid, gid := m.EFS.ManagedIDs(ws.workload.Name)
	u, g := strconv.FormatUint(uint64(uid), 10), strconv.FormatUint(uint64(gid), 10)
	ws.template.add("AccessPoint", "AWS::EFS::AccessPoint", mk(
		pair{"ClientToken", cut(ws.fullName(), 64)}, // EFS's limit
		pair{"FileSystemId", ws.managedFileSystem()},
		pair{"PosixUser", mk(pair{"Uid", u}, pair{"Gid", g})},
		pair{"RootDirectory", mk(
			pair{"Path", "/" + ws.workload.Name},
			pair{"CreationInfo", mk(pair{"OwnerUid", u}, pair{"OwnerGid", g}, pair{"Permissions", "0755"})},
		)},
	))
}

// efsPolicies let the task role mount (and, unless read-only, write) the
// file systems: one policy per existing file system, named as Copilot
// names it, and one for the managed file system through the access point.
func (ws *workloadStack) efsPolicies() []any {
	s := ws.deployment.Storage
	if s == nil {
		return nil
	}
	var policies []any
	i := 0
	for _, v := range s.Volumes {
		if v.EFS == nil || v.EFS.Managed {
			continue
		}
		policies = append(policies, inlinePolicy("GrantEFSAccess"+v.EFS.ID+"-"+strconv.Itoa(i), ws.existingEFSStatement(v)))
		i++
	}
	if s.ManagedVolume() != nil {
		st := allowIf([]string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"},
			mkList(join("", ws.fileSystemARN(""), ws.managedFileSystem())),
			mk(pair{"StringEquals", mk(pair{"elasticfilesystem:AccessPointArn", getAtt("AccessPoint", "Arn")})}))
		policies = append(policies, inlinePolicy("GrantAccessCopilotManagedEFS", st))
	}
	return policies
}

func (ws *workloadStack) existingEFSStatement(v *schema.Volume) any {
	actions := []string{"elasticfilesystem:ClientMount"}
	if !v.ReadOnly {
		actions = append(actions, "elasticfilesystem:ClientWrite")
	}
	if ap := v.EFS.AccessPointID; ap != "" {
		return allowIf(actions, mkList(ws.fileSystemARN(v.EFS.ID)),
			mk(pair{"StringEquals", mk(pair{"elasticfilesystem:AccessPointArn", ws.efsARN("access-point/" + ap)})}))
	}
	return allow(actions, mkList(ws.fileSystemARN(v.EFS.ID)))
}

// fileSystemARN is the ARN of file system id in the environment's account
// and region (id empty: the ARN's prefix).
func (ws *workloadStack) fileSystemARN(id string) string {
	return ws.efsARN("file-system/" + id)
}

func (ws *workloadStack) efsARN(resource string) string {
	r := ws.env.Region
	return "arn:" + partition(r) + ":elasticfilesystem:" + r + ":" + ws.env.Account + ":" + resource
}
