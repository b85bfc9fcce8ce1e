package schema

import "testing"

func TestCheckAlias(t *testing.T) {
	const zone = "test.shop.example.com"
	tests := map[string]struct {
		alias string
		ok    bool
	}{
		"the zone":              {"test.shop.example.com", true},
		"one label below":       {"www.test.shop.example.com", true},
		"trailing dot":          {"api.test.shop.example.com.", true},
		"two labels below":      {"a.b.test.shop.example.com", false},
		"the app zone":          {"shop.example.com", false},
		"in the app zone":       {"www.shop.example.com", false},
		"another environment":   {"www.prod.shop.example.com", false},
		"suffix without a dot":  {"xtest.shop.example.com", false},
		"wildcard":              {"*.test.shop.example.com", false},
		"unrelated":             {"www.example.org", false},
		"label with underscore": {"a_b.test.shop.example.com", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if err := CheckAlias(tc.alias, zone); (err == nil) != tc.ok {
				t.Errorf("CheckAlias(%q) = %v, want ok = %v", tc.alias, err, tc.ok)
			}
		})
	}
}

func TestCheckDNSName(t *testing.T) {
	for name, ok := range map[string]bool{
		"orders": true, "orders-api": true, "api.example.org": true, "a1.b2": true,
		"": false, "Orders": false, "a..b": false, "-a": false, "a_b": false, "a.": false,
	} {
		if err := CheckDNSName(name); (err == nil) != ok {
			t.Errorf("CheckDNSName(%q) = %v, want ok %t", name, err, ok)
		}
	}
}
