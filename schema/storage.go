package schema

import (
	"fmt"
	"hash/crc32"
)

// Storage is a task's storage: Copilot's storage field. The zero value is
// Fargate's defaults: 20 GiB of ephemeral storage, a writable root file
// system and no volumes.
type Storage struct {
	// Ephemeral is the task's ephemeral storage in GiB, 20 to 200; 0 (or
	// 20, Fargate's default) leaves it unset.
	Ephemeral int
	// ReadonlyFS makes the main container's root file system read-only.
	ReadonlyFS bool
	Volumes    []*Volume // sorted by name
}

// Volume is a named volume of the task and where the main container mounts
// it. Without EFS it is task-local storage that the task's containers
// share.
type Volume struct {
	Name     string
	Path     string // the mount path in the main container
	ReadOnly bool   // default true, as in Copilot
	EFS      *EFS   // nil: no file system, a task-local volume
}

// EFS is the file system behind a volume: the environment's managed file
// system (Managed, with an access point per workload) or an existing one
// (ID).
type EFS struct {
	Managed bool
	// UID and GID own the managed access point's directory and are the
	// POSIX user of its clients; both 0 when not given (see ManagedIDs).
	UID, GID uint32

	ID            string // an existing file system, fs-…
	RootDir       string // default "/"
	IAM           bool   // authorise with the task role (default false)
	AccessPointID string // an existing access point, fsap-…
}

// Defaults of Copilot's storage settings.
const (
	DefaultEphemeral = 20  // GiB, Fargate's default
	MaxEphemeral     = 200 // GiB
	DefaultRootDir   = "/"
)

// ManagedIDs are the UID and GID of a workload's managed access point: the
// ones given, else (as Copilot picks them) the CRC-32 of the workload's
// name for both.
func (e *EFS) ManagedIDs(workload string) (uid, gid uint32) {
	if e.UID == 0 && e.GID == 0 {
		c := crc32.ChecksumIEEE([]byte(workload))
		return c, c
	}
	return e.UID, e.GID
}

// ManagedVolume is the deployment's volume on the environment's managed
// file system, or nil.
func (s *Storage) ManagedVolume() *Volume {
	if s == nil {
		return nil
	}
	for _, v := range s.Volumes {
		if v.EFS != nil && v.EFS.Managed {
			return v
		}
	}
	return nil
}

// Volume returns the named volume, or nil.
func (s *Storage) Volume(name string) *Volume {
	if s == nil {
		return nil
	}
	for _, v := range s.Volumes {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// MountPoint mounts one of the task's volumes into a sidecar.
type MountPoint struct {
	SourceVolume string
	Path         string
	ReadOnly     bool // default true, as in Copilot
}

var volumePathRE = lazyRegexp(`^[a-zA-Z0-9._/-]+$`)

// CheckVolumePath reports whether p is a path Copilot accepts for a mount
// point or an EFS root directory.
func CheckVolumePath(p string) error {
	if !volumePathRE().MatchString(p) {
		return fmt.Errorf("path %q may contain only letters, digits and . - _ /", p)
	}
	return nil
}

var volumeNameRE = lazyRegexp(`^[a-zA-Z0-9_-]{1,255}$`)

// CheckVolumeName reports whether s is a volume name ECS accepts.
func CheckVolumeName(s string) error {
	if !volumeNameRE().MatchString(s) {
		return fmt.Errorf("volume name %q must be 1 to 255 letters, digits, hyphens or underscores", s)
	}
	return nil
}

var (
	fileSystemIDRE  = lazyRegexp(`^fs-[0-9a-f]{8,40}$`)
	accessPointIDRE = lazyRegexp(`^fsap-[0-9a-f]{8,40}$`)
)

// CheckFileSystemID reports whether s has the shape of an EFS file system
// ID.
func CheckFileSystemID(s string) error {
	if !fileSystemIDRE().MatchString(s) {
		return fmt.Errorf("%q is not an EFS file system ID; they look like fs-0123456789abcdef0", s)
	}
	return nil
}

// CheckAccessPointID reports whether s has the shape of an EFS access
// point ID.
func CheckAccessPointID(s string) error {
	if !accessPointIDRE().MatchString(s) {
		return fmt.Errorf("%q is not an EFS access point ID; they look like fsap-0123456789abcdef0", s)
	}
	return nil
}
