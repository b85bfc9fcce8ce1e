package awssim_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"
	"github.com/google/go-cmp/cmp"
)

const efsTemplate = `{"Resources": {
  "FileSystem": {"Type": "AWS::EFS::FileSystem", "DeletionPolicy": "Retain", "Properties": {"Encrypted": true}},
  "AccessPoint": {"Type": "AWS::EFS::AccessPoint", "Properties": {"FileSystemId": {"Ref": "FileSystem"}}},
  "MountTarget1": {"Type": "AWS::EFS::MountTarget", "Properties": {"FileSystemId": {"Ref": "FileSystem"},
    "SubnetId": "subnet-0123", "SecurityGroups": ["sg-0123"]}}},
 "Outputs": {
  "FileSystemId": {"Value": {"Fn::GetAtt": ["FileSystem", "FileSystemId"]}},
  "FileSystemArn": {"Value": {"Fn::GetAtt": ["FileSystem", "Arn"]}},
  "AccessPointId": {"Value": {"Fn::GetAtt": ["AccessPoint", "AccessPointId"]}},
  "AccessPointArn": {"Value": {"Fn::GetAtt": ["AccessPoint", "Arn"]}},
  "AccessPointRef": {"Value": {"Ref": "AccessPoint"}},
  "MountTargetId": {"Value": {"Fn::GetAtt": ["MountTarget1", "Id"]}}}}`

// TestEFSAttributes: EFS resources have AWS's ID shapes, and their ARNs
// are elasticfilesystem's.
func TestEFSAttributes(t *testing.T) {
	_, c := cfnClient(t)
	st := createStack(t, c, "efs", efsTemplate)
	if st.StackStatus != types.StackStatusCreateComplete {
		t.Fatalf("create: %s", st.StackStatus)
	}
	out := map[string]string{}
	for _, o := range st.Outputs {
		out[aws.ToString(o.OutputKey)] = aws.ToString(o.OutputValue)
	}
	fs, ap := out["FileSystemId"], out["AccessPointId"]
	want := map[string]string{
		"FileSystemId":   fs,
		"FileSystemArn":  "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/" + fs,
		"AccessPointId":  ap,
		"AccessPointArn": "arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/" + ap,
		"AccessPointRef": ap,
		"MountTargetId":  out["MountTargetId"],
	}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	for prefix, id := range map[string]string{"fs-0": fs, "fsap-0": ap, "fsmt-0": out["MountTargetId"]} {
		if len(id) != len(prefix)+16 || id[:len(prefix)] != prefix {
			t.Errorf("ID %q, want %s and 16 hex digits", id, prefix)
		}
	}
}
