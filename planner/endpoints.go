package planner

import (
	"slices"

	"flightplan/addr"
	"flightplan/stacks"
)

// ServiceURLs are the addresses at which one deployed service answers.
type ServiceURLs struct {
	Addr addr.Address
	URLs []string
}

// URLs resolves endpoints against the live outputs of d's stacks in s,
// for the deployments in only: what apply prints at its end for the
// services it touched. An endpoint whose output is not there yet (its
// environment's stack failed, say) is left out.
func URLs(eps []stacks.Endpoint, d *stacks.Desired, s *State, only []addr.Address) []ServiceURLs {
	var out []ServiceURLs
	for _, e := range eps {
		if !slices.Contains(only, e.Deploy) {
			continue
		}
		urls := resolve(e, d, s)
		switch {
		case len(urls) == 0:
		case len(out) > 0 && out[len(out)-1].Addr == e.Deploy:
			out[len(out)-1].URLs = append(out[len(out)-1].URLs, urls...)
		default:
			out = append(out, ServiceURLs{Addr: e.Deploy, URLs: urls})
		}
	}
	return out
}

func resolve(e stacks.Endpoint, d *stacks.Desired, s *State) []string {
	hosts := e.Hosts
	if e.Output != "" {
		n := d.Node(e.From)
		if n == nil || n.Stack == nil {
			return nil
		}
		st := s.Stack(n.Account, n.Region, n.Stack.Name)
		if st == nil || st.Outputs[e.Output] == "" {
			return nil
		}
		hosts = []string{st.Outputs[e.Output]}
	}
	urls := make([]string, 0, len(hosts))
	for _, h := range hosts {
		if e.Scheme == "" {
			urls = append(urls, h+e.Path)
			continue
		}
		urls = append(urls, e.Scheme+"://"+h+e.Path)
	}
	return urls
}
