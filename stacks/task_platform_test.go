package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

const platformHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type     = "backend"
  image    = "public.ecr.aws/example/api:1"
  platform = "windows_server_2022_core"
}

job "report" {
  schedule = "@daily"
  image    = "public.ecr.aws/example/report:1"
  platform = "linux/arm64"
}
`

// TestPlatformGolden compiles a Windows service and an arm64 job,
// validates them against awsspec and compares them with testdata/platform.
func TestPlatformGolden(t *testing.T) {
	compileGolden(t, loadHCL(t, platformHCL), "platform")
}

// TestWindowsAndARMPlatforms: a Windows platform is the task's operating system
// family, on x86-64, with Copilot's Windows size; linux/arm64 is the
// architecture.
func TestWindowsAndARMPlatforms(t *testing.T) {
	d := compile(t, loadHCL(t, platformHCL))
	for name, want := range map[string]string{
		"api":    `{"RuntimePlatform": {"CpuArchitecture": "X86_64", "OperatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "Cpu": "1024", "Memory": "2048"}`,
		"report": `{"RuntimePlatform": {"CpuArchitecture": "ARM64", "OperatingSystemFamily": "LINUX"}, "Cpu": "256", "Memory": "512"}`,
	} {
		props := at(t, resources(t, tmpl(t, d, addr.Deploy("test", name))), "TaskDefinition", "Properties").(map[string]any)
		got := map[string]any{"RuntimePlatform": props["RuntimePlatform"], "Cpu": props["Cpu"], "Memory": props["Memory"]}
		if diff := cmp.Diff(asJSON(t, want), got); diff != "" {
			t.Errorf("%s's task definition (-want +got):\n%s", name, diff)
		}
	}
}
