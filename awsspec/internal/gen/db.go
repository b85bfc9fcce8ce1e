package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
)

// The db.json.gz layout, as far as the generator reads it. The database is
// {"idCtr": n, "schema": {TABLE: {"type": "entities", "entities": [...]} | {"type": "rel", "forward": {...}}}}.
// Entities carry "$id"; a property's type refers to a typeDefinition entity by
// {"type": "ref", "reference": {"$ref": ID}} (the usesType relation mirrors these references, so
// the generator follows the references directly).
type dbFile struct {
	Schema struct {
		Resource       dbTable[dbResource] `json:"resource"`
		TypeDefinition dbTable[dbTypeDef]  `json:"typeDefinition"`
	} `json:"schema"`
}

type dbTable[T any] struct {
	Entities []T `json:"entities"`
}

type dbResource struct {
	ID                 string                `json:"$id"`
	CloudFormationType string                `json:"cloudFormationType"`
	Properties         map[string]dbProperty `json:"properties"`
	Attributes         map[string]dbProperty `json:"attributes"`
}

type dbTypeDef struct {
	ID         string                `json:"$id"`
	Name       string                `json:"name"`
	Properties map[string]dbProperty `json:"properties"`
}

// dbProperty is a property or an attribute. CausesReplacement is "yes", "maybe" or absent
// ("no"); it is derived from the registry schema's createOnlyProperties and the legacy
// specification's UpdateType: Immutable / Conditional.
type dbProperty struct {
	Type              dbType `json:"type"`
	Required          bool   `json:"required"`
	CausesReplacement string `json:"causesReplacement"`
}

// dbType is one of string, number, integer, boolean, date-time, json, tag, null, array (with
// element), map (with element), ref (with reference) and union (with types).
type dbType struct {
	Type      string   `json:"type"`
	Element   *dbType  `json:"element"`
	Types     []dbType `json:"types"`
	Reference *struct {
		Ref string `json:"$ref"`
	} `json:"reference"`
}

func decodeDB(gz []byte) (*dbFile, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var db dbFile
	return &db, json.Unmarshal(raw, &db)
}
