package lang_test

import (
	"fmt"

	"flightplan/lang"
)

// Format rewrites a file in the canonical layout that `flightplan fmt`
// writes: aligned equals signs and two-space indentation.
func ExampleFormat() {
	src := []byte("app \"shop\" {\nregion=\"eu-west-1\"\n  domain = \"shop.example.com\"\n}\n")
	out, diags := lang.Format(src, "flightplan.hcl")
	if diags.HasErrors() {
		fmt.Println(diags)
		return
	}
	fmt.Print(string(out))
	// Output:
	// app "shop" {
	//   region = "eu-west-1"
	//   domain = "shop.example.com"
	// }
}
