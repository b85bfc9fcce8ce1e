package planner

// Derived is how many keys k has derived (each costs the PBKDF2 rounds).
func (k *DigestKeys) Derived() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.derived
}

// Known is how many keys k holds or is deriving.
func (k *DigestKeys) Known() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.keys)
}
