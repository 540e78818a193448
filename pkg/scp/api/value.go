package api

// Value reads an optional spec field, giving its zero value when SCP omitted it.
func Value[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
