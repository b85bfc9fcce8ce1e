package cfn

import (
	"maps"
	"slices"
)

// LiveResource is a resource of a live stack as other simulated services
// read it: ECS reads the services its stacks created.
type LiveResource struct {
	Stack      string // the stack's name
	LogicalID  string
	PhysicalID string
	Status     string         // the resource's status: CREATE_COMPLETE, UPDATE_IN_PROGRESS…
	Props      map[string]any // its properties as last applied, intrinsics resolved
	Updated    string         // RFC 3339: when its status last changed
}

// LiveResources returns the resources of one type in the stacks of an
// account and region that exist (created and not deleted), by stack name
// then logical ID. The caller holds the lock and has settled the stacks.
func (x *Service) LiveResources(account, region, typ string) []LiveResource {
	var out []LiveResource
	for _, st := range x.liveStacks(account, region) {
		for _, id := range slices.Sorted(maps.Keys(st.Resources)) {
			r := st.Resources[id]
			if r.Type != typ || r.PhysicalID == "" || r.Status == "DELETE_COMPLETE" || r.Status == "DELETE_SKIPPED" || r.Status == "CREATE_FAILED" {
				continue
			}
			out = append(out, LiveResource{Stack: st.Name, LogicalID: id, PhysicalID: r.PhysicalID, Status: r.Status,
				Props: r.Props, Updated: r.Updated.UTC().Format("2006-01-02T15:04:05Z")})
		}
	}
	return out
}
