package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/stacks"
)

func TestURLs(t *testing.T) {
	envA, webA, rdA := addr.Env("test"), addr.Deploy("test", "web"), addr.Deploy("test", "rd")
	d := &stacks.Desired{Nodes: []*stacks.Node{
		{Addr: envA, Account: "1", Region: "r", Stack: &stacks.Stack{Name: "shop-test"}},
		{Addr: webA, Account: "1", Region: "r", Stack: &stacks.Stack{Name: "shop-test-web"}},
		{Addr: rdA, Account: "1", Region: "r", Stack: &stacks.Stack{Name: "shop-test-rd"}},
	}}
	state := &State{Stacks: []*LiveStack{
		{Account: "1", Region: "r", Name: "shop-test", Outputs: map[string]string{"PublicLoadBalancerDNSName": "lb.example"}},
		{Account: "1", Region: "r", Name: "shop-test-rd", Outputs: map[string]string{"ServiceURL": "https://x.awsapprunner.com"}},
	}}
	lb := stacks.Endpoint{Deploy: webA, From: envA, Output: "PublicLoadBalancerDNSName", Scheme: "http", Path: "/api"}
	aliases := stacks.Endpoint{Deploy: webA, Hosts: []string{"a.example", "b.example"}, Scheme: "https", Path: "/"}
	rd := stacks.Endpoint{Deploy: rdA, From: rdA, Output: "ServiceURL"}
	tests := map[string]struct {
		eps  []stacks.Endpoint
		only []addr.Address
		want []ServiceURLs
	}{
		"scheme, the output's host, the path": {eps: []stacks.Endpoint{lb}, only: []addr.Address{webA},
			want: []ServiceURLs{{Addr: webA, URLs: []string{"http://lb.example/api"}}}},
		"one URL per alias": {eps: []stacks.Endpoint{aliases}, only: []addr.Address{webA},
			want: []ServiceURLs{{Addr: webA, URLs: []string{"https://a.example/", "https://b.example/"}}}},
		"an output that is a URL already": {eps: []stacks.Endpoint{rd}, only: []addr.Address{rdA},
			want: []ServiceURLs{{Addr: rdA, URLs: []string{"https://x.awsapprunner.com"}}}},
		"only the deployments asked for": {eps: []stacks.Endpoint{lb, rd}, only: []addr.Address{rdA},
			want: []ServiceURLs{{Addr: rdA, URLs: []string{"https://x.awsapprunner.com"}}}},
		"a network load balancer's host:port, after the service's URL": {
			eps: []stacks.Endpoint{lb, {Deploy: webA, From: rdA, Output: "ServiceURL", Path: ":53"}}, only: []addr.Address{webA},
			want: []ServiceURLs{{Addr: webA, URLs: []string{"http://lb.example/api", "https://x.awsapprunner.com:53"}}}},
		"an output not there yet is left out": {
			eps:  []stacks.Endpoint{{Deploy: webA, From: envA, Output: "Missing", Scheme: "http", Path: "/"}},
			only: []addr.Address{webA}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, URLs(tc.eps, d, state, tc.only)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
