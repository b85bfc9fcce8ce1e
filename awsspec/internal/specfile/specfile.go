// Package specfile defines the layout of awsspec/spec.json once, for the
// generator that writes it (awsspec/internal/gen) and the package that
// decodes it (awsspec).
//
// Type strings are a primitive name (String, Integer, Double, Boolean,
// Timestamp, Json), a nested type name of the same resource, List<T>, Map<T>
// or Union<T,T,...>.
package specfile

// File is the whole of spec.json.
type File struct {
	Source    string               `json:"source"`
	SHA256    string               `json:"sha256"`
	Generator string               `json:"generator"`
	Resources map[string]*Resource `json:"resources"`
}

// Resource is one resource type: its properties, the attributes Fn::GetAtt
// reads (name → type string) and its nested property types.
type Resource struct {
	Properties map[string]*Property            `json:"properties"`
	Attributes map[string]string               `json:"attributes"`
	Types      map[string]map[string]*Property `json:"types,omitempty"`
}

// Property is one property: its type string, whether it is required, and
// whether changing it replaces the resource ("yes", "maybe" or "").
type Property struct {
	Type     string `json:"type"`
	Required bool   `json:"required,omitempty"`
	Replaces string `json:"replaces,omitempty"`
}
