package main

import (
	"bytes"
	"compress/gzip"
	"flightplan/awsspec/internal/specfile"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tinyDB is a database in db.json.gz's layout with one resource that uses every type form.
const tinyDB = `{"idCtr": 9, "schema": {
 "resource": {"type": "entities", "entities": [
  {"$id": "1", "cloudFormationType": "AWS::T::R", "name": "R",
   "properties": {
    "Name": {"type": {"type": "string"}, "required": true, "causesReplacement": "yes"},
    "Size": {"type": {"type": "integer"}, "causesReplacement": "maybe"},
    "Tags": {"type": {"type": "array", "element": {"type": "tag"}}},
    "Body": {"type": {"type": "union", "types": [{"type": "json"}, {"type": "string"}]}},
    "Config": {"type": {"type": "ref", "reference": {"$ref": "2"}}}},
   "attributes": {"Arn": {"type": {"type": "string"}}, "Config.Id": {"type": {"type": "number"}}}}]},
 "typeDefinition": {"type": "entities", "entities": [
  {"$id": "2", "name": "Config", "properties": {
    "Children": {"type": {"type": "map", "element": {"type": "ref", "reference": {"$ref": "2"}}}},
    "At": {"type": {"type": "date-time"}, "required": true}}}]},
 "usesType": {"type": "rel", "forward": {"1": [{"$id": "2"}]}}}}`

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

func TestConvert(t *testing.T) {
	db, err := decodeDB(gz(tinyDB))
	if err != nil {
		t.Fatal(err)
	}
	spec, err := convert(db, []string{"AWS::T::R"})
	if err != nil {
		t.Fatal(err)
	}
	want := &specfile.Resource{
		Properties: map[string]*specfile.Property{
			"Name":   {Type: "String", Required: true, Replaces: "yes"},
			"Size":   {Type: "Integer", Replaces: "maybe"},
			"Tags":   {Type: "List<Tag>"},
			"Body":   {Type: "Union<Json,String>"},
			"Config": {Type: "Config"},
		},
		Attributes: map[string]string{"Arn": "String", "Config.Id": "Double"},
		Types: map[string]map[string]*specfile.Property{
			"Tag":    {"Key": {Type: "String", Required: true}, "Value": {Type: "String", Required: true}},
			"Config": {"Children": {Type: "Map<Config>"}, "At": {Type: "Timestamp", Required: true}},
		},
	}
	if diff := cmp.Diff(want, spec.Resources["AWS::T::R"]); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestConvertErrors(t *testing.T) {
	tests := map[string]struct{ db, typ, want string }{
		"unknown type":     {tinyDB, "AWS::T::Nope", "resource type AWS::T::Nope is not in the database"},
		"dangling ref":     {strings.Replace(tinyDB, `"$ref": "2"}}}`, `"$ref": "7"}}}`, 1), "AWS::T::R", "type reference 7 does not resolve"},
		"unknown db type":  {strings.Replace(tinyDB, `"type": "date-time"`, `"type": "blob"`, 1), "AWS::T::R", `unknown type "blob"`},
		"primitive's name": {strings.Replace(tinyDB, `"name": "Config"`, `"name": "String"`, 1), "AWS::T::R", "nested type String has a primitive's name"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			db, err := decodeDB(gz(tc.db))
			if err != nil {
				t.Fatal(err)
			}
			_, err = convert(db, []string{tc.typ})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
