package addr_test

import (
	"fmt"

	"flightplan/addr"
)

// Parse reads what --target accepts and String writes; the same value is
// the graph's vertex, the plan's key and the label in diagnostics.
func ExampleParse() {
	a, err := addr.Parse("deploy/test/api")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Kind, a.String(), a == addr.Deploy("test", "api"))
	_, err = addr.Parse("deploy/test")
	fmt.Println(err != nil)
	// Output:
	// deploy deploy/test/api true
	// true
}
