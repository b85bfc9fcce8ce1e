package schema

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestManagedIDs: without uid and gid, the managed access point's user is
// the CRC-32 of the workload's name, as Copilot picks it.
func TestManagedIDs(t *testing.T) {
	tests := []struct {
		efs      EFS
		uid, gid uint32
	}{
		{EFS{Managed: true}, 104153177, 104153177}, // CRC-32 of "files"
		{EFS{Managed: true, UID: 1000, GID: 2000}, 1000, 2000},
	}
	for _, tc := range tests {
		uid, gid := tc.efs.ManagedIDs("files")
		if diff := cmp.Diff([2]uint32{tc.uid, tc.gid}, [2]uint32{uid, gid}); diff != "" {
			t.Errorf("%+v: (-want +got):\n%s", tc.efs, diff)
		}
	}
}
