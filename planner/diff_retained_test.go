package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRemovedResourceRetained: a removed resource says whether its
// DeletionPolicy keeps it in the account.
func TestRemovedResourceRetained(t *testing.T) {
	before := map[string]any{
		"FileSystem": map[string]any{"Type": "AWS::EFS::FileSystem", "DeletionPolicy": "Retain"},
		"Bucket":     map[string]any{"Type": "AWS::S3::Bucket", "DeletionPolicy": "RetainExceptOnCreate"},
		"Group":      map[string]any{"Type": "AWS::EC2::SecurityGroup"},
		"Logs":       map[string]any{"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Delete"},
	}
	got := diffResources(before, map[string]any{}, func(string, []string) bool { return false })
	want := []ResourceChange{
		{LogicalID: "Bucket", Type: "AWS::S3::Bucket", Action: Delete, Retained: true},
		{LogicalID: "FileSystem", Type: "AWS::EFS::FileSystem", Action: Delete, Retained: true},
		{LogicalID: "Group", Type: "AWS::EC2::SecurityGroup", Action: Delete},
		{LogicalID: "Logs", Type: "AWS::Logs::LogGroup", Action: Delete},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
