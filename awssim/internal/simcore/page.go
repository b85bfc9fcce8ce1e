package simcore

import (
	"strconv"
	"strings"
)

// The NextToken of services that list in a fixed order (CloudFormation,
// ECR) is the offset of the next page: "token-" and a decimal offset.
// Services that list by key (SSM, S3) carry the last key returned instead,
// so that a page stays right while the list changes.

// PageOffset decodes a NextToken; an empty token is offset 0. It reports
// false for a token it did not make.
func PageOffset(token string) (int, bool) {
	if token == "" {
		return 0, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(token, "token-"))
	if err != nil || n < 0 || !strings.HasPrefix(token, "token-") {
		return 0, false
	}
	return n, true
}

// Page returns the bounds of the page of size items at offset in a list
// of n, and the NextToken of the page after it ("" after the last).
func Page(n, offset, size int) (lo, hi int, next string) {
	lo, hi = min(offset, n), min(offset+size, n)
	if hi < n {
		next = "token-" + strconv.Itoa(hi)
	}
	return lo, hi, next
}
