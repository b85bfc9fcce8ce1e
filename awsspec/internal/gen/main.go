// Command gen regenerates awsspec/spec.json, the subset of the AWS CloudFormation resource
// specification that flightplan uses. It is run by `make awsspec` (go run ./awsspec/internal/gen)
// from the repository root.
//
// Steps, which are also what the command does when -db is not given:
//
//  1. cd "$(mktemp -d)" && npm pack @aws-cdk/aws-service-spec@0.1.216
//  2. extract package/db.json.gz from the tarball (the AWS service specification database that the
//     AWS CDK generates its L1 constructs from);
//  3. go run ./awsspec/internal/gen -db path/to/db.json.gz
//
// The command reads awsspec/types.txt (one CloudFormation type per line) and writes
// awsspec/spec.json. The output is facts about AWS: regenerate it, never edit it by hand.
package main

import (
	"flag"
	"fmt"
	"os"
)

// defaultPackage is the npm package and version the spec is generated from. Changing it is a
// reviewed change to the facts flightplan relies on.
const defaultPackage = "@aws-cdk/aws-service-spec@0.1.216"

type options struct {
	db, types, out, pkg string
}

func main() {
	var o options
	flag.StringVar(&o.db, "db", os.Getenv("AWSSPEC_DB"), "path to db.json.gz (default: npm pack the package into a temporary folder)")
	flag.StringVar(&o.types, "types", "awsspec/types.txt", "file listing the CloudFormation types to extract")
	flag.StringVar(&o.out, "out", "awsspec/spec.json", "output file")
	flag.StringVar(&o.pkg, "package", defaultPackage, "npm package@version that ships db.json.gz")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "awsspec gen:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	types, err := readTypes(o.types)
	if err != nil {
		return err
	}
	dbPath := o.db
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "awsspec-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if dbPath, err = fetchDB(o.pkg, dir); err != nil {
			return err
		}
	}
	raw, err := os.ReadFile(dbPath)
	if err != nil {
		return err
	}
	db, err := decodeDB(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", dbPath, err)
	}
	spec, err := convert(db, types)
	if err != nil {
		return err
	}
	spec.Source = o.pkg
	spec.SHA256 = sha256hex(raw)
	return writeSpec(o.out, spec)
}
