package planner

// Stale says why a saved plan no longer applies: it compares the plan's
// fingerprint with one computed from the plan's own desired state, the live
// state read now, and this run's configuration hash and tool version. One
// sentence per difference; none means the plan still applies.
func Stale(saved *Plan, now *State, configHash, toolVersion string) []string {
	return CheckFingerprint(saved, NewFingerprint(saved.Desired(), now, configHash, toolVersion))
}
