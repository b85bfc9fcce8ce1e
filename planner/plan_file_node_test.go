package planner_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"flightplan/addr"
	"flightplan/planner"
	"flightplan/stacks"
)

// TestPlanFileCarriesEveryNodeField fills every field of a desired node,
// at any depth, with a value that is not its zero value, saves it in a plan
// file and reads it back: a field that the plan file's encoding drops (a
// field added to stacks.Node or to anything in it, and left out of the
// JSON) fails here, because apply of a saved plan would silently lose it.
func TestPlanFileCarriesEveryNodeField(t *testing.T) {
	var node stacks.Node
	fillAll(t, reflect.ValueOf(&node).Elem(), "Node")
	p := &planner.Plan{FormatVersion: planner.FormatVersion, App: "demo", Changes: []*planner.Change{{
		Addr: node.Addr, Address: node.Addr.String(), Action: planner.Create, Desired: &node,
	}}}
	file := filepath.Join(t.TempDir(), "p.plan")
	if err := planner.WritePlanFile(file, p); err != nil {
		t.Fatal(err)
	}
	got, err := planner.ReadPlanFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&node, got.Changes[0].Desired); diff != "" {
		t.Errorf("node after a plan file round trip (-want +got):\n%s", diff)
	}
}

var addressType = reflect.TypeOf(addr.Address{})

// fillAll sets v, and every field, element and entry inside it, to a value
// that is not zero and that names its path. It fails on a kind it does not
// know, so that a new kind of field is filled rather than skipped.
func fillAll(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	if v.Type() == addressType {
		v.Set(reflect.ValueOf(addr.Deploy("env-"+path, "name")))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("value of " + path)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(t, v.Elem(), path)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				t.Fatalf("%s.%s is unexported: a plan file cannot carry it", path, f.Name)
			}
			fillAll(t, v.Field(i), path+"."+f.Name)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // a template: JSON text
			v.SetBytes([]byte(`{"Description": "` + path + `"}`))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fillAll(t, v.Index(0), path+"[0]")
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		key, val := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fillAll(t, key, path+" key")
		fillAll(t, val, path+" value")
		v.SetMapIndex(key, val)
	default:
		t.Fatalf("%s: fillAll does not know how to fill a %s; teach it", path, v.Kind())
	}
}
