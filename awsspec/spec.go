package awsspec

import (
	_ "embed"
	"encoding/json"
	"flightplan/awsspec/internal/specfile"
	"fmt"
	"sort"
	"sync"
)

//go:embed spec.json
var specJSON []byte

// supplementJSON holds the types the generator's database cannot give yet
// (doc.go, Supplement), in spec.json's layout; no type is in both.
//
//go:embed supplement.json
var supplementJSON []byte

// Spec is the embedded resource specification. A Spec is immutable after Load and safe for
// concurrent use; callers must not modify the maps and values it hands out.
type Spec struct {
	version string
	// raw holds each resource type's JSON until its first use: a command
	// reads a few dozen of the spec's types, and decoding all of them cost
	// every plan its share of start-up.
	raw       map[string]json.RawMessage
	mu        sync.Mutex
	resources map[string]*Resource // decoded, guarded by mu
}

// Resource is one CloudFormation resource type.
type Resource struct {
	// Type is the CloudFormation type name, e.g. AWS::EC2::VPC.
	Type string
	// Properties are the top-level properties by name.
	Properties map[string]*Property
	// Attributes are the names that Fn::GetAtt accepts, including dotted ones such as
	// Endpoint.Address, with the type of the value they return.
	Attributes map[string]*Attribute
	// Types are the nested (named) property types of this resource: type name → properties.
	Types map[string]map[string]*Property
}

// Property is a property of a resource or of a nested type.
type Property struct {
	Name     string
	Type     Type
	Required bool
	// Replaces reports that changing the property replaces the resource.
	Replaces bool
	// MayReplace reports that a change replaces the resource in some cases ("Update requires:
	// Some interruptions / Conditional"); it is true whenever Replaces is.
	MayReplace bool
}

// Attribute is a value that Fn::GetAtt can read from a resource.
type Attribute struct {
	Name string
	Type Type
}

// Type is a property's value type.
type Type struct {
	// Kind is "primitive", "list", "map", "object" or "union".
	Kind string
	// Primitive is String, Integer, Long, Double, Boolean, Timestamp or Json when Kind is
	// "primitive".
	Primitive string
	// Item is the element type of a list or map.
	Item *Type
	// Object is the nested type's name when Kind is "object"; see Spec.Object.
	Object string
	// Union lists the alternatives when Kind is "union": a value may have any of them.
	Union []Type
}

var (
	loadOnce sync.Once
	loaded   *Spec
)

// Load returns the embedded spec, parsed on first use. It panics if the embedded file is
// corrupt, which the package's tests rule out.
func Load() *Spec {
	loadOnce.Do(func() {
		s, err := decodeSpec(specJSON)
		if err != nil {
			panic(fmt.Sprintf("awsspec: embedded spec.json: %v", err))
		}
		if err := s.supplement(supplementJSON); err != nil {
			panic(fmt.Sprintf("awsspec: embedded supplement.json: %v", err))
		}
		loaded = s
	})
	return loaded
}

// Version returns the source of the data as package@version.
func (s *Spec) Version() string { return s.version }

// Resource returns the resource type typ, and false if the spec does not have it.
func (s *Spec) Resource(typ string) (*Resource, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.resources[typ]; ok {
		return r, true
	}
	raw, ok := s.raw[typ]
	if !ok {
		return nil, false
	}
	r, err := decodeRaw(typ, raw)
	if err != nil {
		panic(fmt.Sprintf("awsspec: embedded spec.json: %s: %v", typ, err))
	}
	s.resources[typ] = r
	return r, true
}

// decodeRaw decodes one resource type's JSON.
func decodeRaw(typ string, raw json.RawMessage) (*Resource, error) {
	var fr specfile.Resource
	if err := json.Unmarshal(raw, &fr); err != nil {
		return nil, err
	}
	return decodeResource(typ, &fr)
}

// Types returns the names of every resource type in the spec, sorted.
func (s *Spec) Types() []string {
	names := make([]string, 0, len(s.raw))
	for name := range s.raw {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Object returns the properties of the nested type name of resourceType.
func (s *Spec) Object(resourceType, name string) (map[string]*Property, bool) {
	r, ok := s.Resource(resourceType)
	if !ok {
		return nil, false
	}
	props, ok := r.Types[name]
	return props, ok
}

// decodeSpec reads the spec's index; each resource type is decoded on its
// first use (Resource).
func decodeSpec(data []byte) (*Spec, error) {
	var f struct {
		Source    string                     `json:"source"`
		Resources map[string]json.RawMessage `json:"resources"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	return &Spec{version: f.Source, raw: f.Resources, resources: map[string]*Resource{}}, nil
}

// supplement adds the hand-written types of data to the spec; a type the
// spec already has is an error, so that regenerating spec.json with a type
// the supplement holds tells which to remove.
func (s *Spec) supplement(data []byte) error {
	sup, err := decodeSpec(data)
	if err != nil {
		return err
	}
	for typ, raw := range sup.raw {
		if _, ok := s.raw[typ]; ok {
			return fmt.Errorf("%s is in spec.json too: remove it from supplement.json", typ)
		}
		s.raw[typ] = raw
	}
	return nil
}

func decodeResource(typ string, fr *specfile.Resource) (*Resource, error) {
	r := &Resource{Type: typ, Attributes: map[string]*Attribute{}, Types: map[string]map[string]*Property{}}
	var err error
	if r.Properties, err = decodeProperties(fr.Properties); err != nil {
		return nil, err
	}
	for name, fp := range fr.Types {
		if r.Types[name], err = decodeProperties(fp); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	for name, ts := range fr.Attributes {
		t, err := parseType(ts)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", name, err)
		}
		r.Attributes[name] = &Attribute{Name: name, Type: t}
	}
	return r, nil
}

func decodeProperties(in map[string]*specfile.Property) (map[string]*Property, error) {
	out := make(map[string]*Property, len(in))
	for name, fp := range in {
		t, err := parseType(fp.Type)
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", name, err)
		}
		out[name] = &Property{Name: name, Type: t, Required: fp.Required,
			Replaces: fp.Replaces == "yes", MayReplace: fp.Replaces == "yes" || fp.Replaces == "maybe"}
	}
	return out, nil
}
