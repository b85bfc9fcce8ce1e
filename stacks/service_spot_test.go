package stacks

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
)

const spotHCL = `
app "shop" {
  account = "111111111111"
  region  = "us-east-1"
}

environment "test" {}

service "api" {
  type  = "backend"
  image = "public.ecr.aws/example/api:1"
  count = { spot = 3 }
}

service "web" {
  type  = "backend"
  image = "public.ecr.aws/example/web:1"
  autoscaling {
    min            = 2
    max            = 10
    spot_from      = 4
    cpu_percentage = 70
  }
}

service "batch" {
  type  = "backend"
  image = "public.ecr.aws/example/batch:1"
  autoscaling {
    min            = 3
    max            = 10
    spot_from      = 2
    cpu_percentage = 70
  }
}
`

// TestSpotGolden compiles Fargate Spot services, validates them against
// awsspec and compares them with testdata/spot.
func TestSpotGolden(t *testing.T) {
	compileGolden(t, loadHCL(t, spotHCL), "spot")
}

// TestCapacityProviders: Copilot's strategies. count.spot puts every task
// on Spot; spot_from at or above min keeps the first spot_from - 1 tasks
// on Fargate; below min, every task is on Spot. No LaunchType with a
// strategy.
func TestCapacityProviders(t *testing.T) {
	d := compile(t, loadHCL(t, spotHCL))
	for name, want := range map[string]string{
		"api":   `[{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]`,
		"web":   `[{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}, {"CapacityProvider": "FARGATE", "Weight": 0, "Base": 3}]`,
		"batch": `[{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]`,
	} {
		props := at(t, resources(t, tmpl(t, d, addr.Deploy("test", name))), "Service", "Properties").(map[string]any)
		if diff := cmp.Diff(asJSON(t, want), props["CapacityProviderStrategy"]); diff != "" {
			t.Errorf("%s's strategy (-want +got):\n%s", name, diff)
		}
		if lt, ok := props["LaunchType"]; ok {
			t.Errorf("%s has LaunchType %v beside its strategy", name, lt)
		}
	}
	if got := at(t, resources(t, tmpl(t, d, addr.Deploy("test", "api"))), "Service", "Properties", "DesiredCount"); got != 3.0 {
		t.Errorf("api's desired count is %v, want 3", got)
	}
}
