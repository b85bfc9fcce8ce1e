package schema

import (
	"fmt"
	"strings"
)

// An imported application load balancer (http.alb) is named by its ARN or
// its name, as Copilot takes it.
var (
	albARN  = lazyRegexp(`^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):(\d{12}):loadbalancer/(app|net|gwy)/([A-Za-z0-9-]{1,32})/([0-9a-f]{1,32})$`)
	albName = lazyRegexp(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)
)

// IsALBARN reports whether ref is a load balancer ARN (else a name).
func IsALBARN(ref string) bool { return strings.HasPrefix(ref, "arn:") }

// ALBARNPlace returns the region and account of a load balancer ARN; ok is
// false for a name or an ARN CheckALBRef refuses.
func ALBARNPlace(ref string) (region, account string, ok bool) {
	m := albARN().FindStringSubmatch(ref)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// CheckALBRef checks an http.alb value: an application load balancer's
// ARN, or a load balancer name.
func CheckALBRef(ref string) error {
	if IsALBARN(ref) {
		m := albARN().FindStringSubmatch(ref)
		switch {
		case m == nil:
			return fmt.Errorf("%q is not a load balancer ARN: write arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID, or the load balancer's name", ref)
		case m[3] != "app":
			return fmt.Errorf("%q is not an application load balancer (its ARN says %s): http rules go on an application load balancer's listeners", ref, m[3])
		}
		return nil
	}
	if !albName().MatchString(ref) || strings.HasPrefix(ref, "internal-") {
		return fmt.Errorf("%q is neither a load balancer ARN nor a load balancer name (1 to 32 letters, digits and inner hyphens, not starting with \"internal-\")", ref)
	}
	return nil
}
