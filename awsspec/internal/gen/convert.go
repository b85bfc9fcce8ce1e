package main

import (
	"bufio"
	"flightplan/awsspec/internal/specfile"
	"fmt"
	"os"
	"sort"
	"strings"
)

// tagType is the name of the nested type that the database's built-in "tag" type becomes.
const tagType = "Tag"

var primitives = map[string]string{
	"string": "String", "integer": "Integer", "number": "Double", "boolean": "Boolean",
	"date-time": "Timestamp", "json": "Json",
}

func readTypes(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var types []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			types = append(types, line)
		}
	}
	sort.Strings(types)
	return types, sc.Err()
}

// converter turns one resource's entities into its spec entry, collecting the nested types it
// reaches from properties and attributes.
type converter struct {
	defs  map[string]*dbTypeDef
	out   *specfile.Resource
	names map[string]string // nested type name → typeDefinition id, to catch name clashes
	err   error
}

func convert(db *dbFile, types []string) (*specfile.File, error) {
	byType := map[string]*dbResource{}
	for i := range db.Schema.Resource.Entities {
		r := &db.Schema.Resource.Entities[i]
		byType[r.CloudFormationType] = r
	}
	defs := map[string]*dbTypeDef{}
	for i := range db.Schema.TypeDefinition.Entities {
		d := &db.Schema.TypeDefinition.Entities[i]
		defs[d.ID] = d
	}
	spec := &specfile.File{Generator: "go run ./awsspec/internal/gen", Resources: map[string]*specfile.Resource{}}
	for _, typ := range types {
		r, ok := byType[typ]
		if !ok {
			return nil, fmt.Errorf("resource type %s is not in the database", typ)
		}
		out, err := convertResource(defs, r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		spec.Resources[typ] = out
	}
	return spec, nil
}

func convertResource(defs map[string]*dbTypeDef, r *dbResource) (*specfile.Resource, error) {
	c := &converter{defs: defs, names: map[string]string{},
		out: &specfile.Resource{Attributes: map[string]string{}, Types: map[string]map[string]*specfile.Property{}}}
	c.out.Properties = c.properties(r.Properties)
	for name, a := range r.Attributes {
		c.out.Attributes[name] = c.typ(a.Type)
	}
	return c.out, c.err
}

func (c *converter) properties(in map[string]dbProperty) map[string]*specfile.Property {
	out := make(map[string]*specfile.Property, len(in))
	for name, p := range in {
		out[name] = &specfile.Property{Type: c.typ(p.Type), Required: p.Required, Replaces: p.CausesReplacement}
	}
	return out
}

func (c *converter) typ(t dbType) string {
	if prim, ok := primitives[t.Type]; ok {
		return prim
	}
	switch t.Type {
	case "array":
		return "List<" + c.typ(*t.Element) + ">"
	case "map":
		return "Map<" + c.typ(*t.Element) + ">"
	case "union":
		parts := make([]string, len(t.Types))
		for i, u := range t.Types {
			parts[i] = c.typ(u)
		}
		return "Union<" + strings.Join(parts, ",") + ">"
	case "tag":
		return c.tag()
	case "ref":
		return c.ref(t.Reference.Ref)
	}
	c.fail(fmt.Errorf("unknown type %q", t.Type))
	return "Json"
}

// tag adds the {Key, Value} type that CloudFormation's standard tags have.
func (c *converter) tag() string {
	if c.claim(tagType, "tag") {
		c.out.Types[tagType] = map[string]*specfile.Property{
			"Key": {Type: "String", Required: true}, "Value": {Type: "String", Required: true},
		}
	}
	return tagType
}

func (c *converter) ref(id string) string {
	d, ok := c.defs[id]
	if !ok {
		c.fail(fmt.Errorf("type reference %s does not resolve", id))
		return "Json"
	}
	if c.claim(d.Name, id) {
		c.out.Types[d.Name] = nil // placeholder: stops recursion through self-referencing types
		c.out.Types[d.Name] = c.properties(d.Properties)
	}
	return d.Name
}

// claim reports whether name is new for this resource, recording that id owns it; a second
// type of the same name is an error, since nested types are looked up by name.
func (c *converter) claim(name, id string) bool {
	if _, prim := primitiveNames[name]; prim {
		c.fail(fmt.Errorf("nested type %s has a primitive's name", name))
	}
	owner, seen := c.names[name]
	if seen && owner != id {
		c.fail(fmt.Errorf("two nested types are named %s", name))
	}
	c.names[name] = id
	return !seen
}

var primitiveNames = map[string]bool{"String": true, "Integer": true, "Long": true, "Double": true,
	"Boolean": true, "Timestamp": true, "Json": true, "List": true, "Map": true, "Union": true}

func (c *converter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}
