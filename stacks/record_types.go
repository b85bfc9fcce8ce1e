package stacks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

const (
	recordSetType      = "AWS::Route53::RecordSet"
	recordSetGroupType = "AWS::Route53::RecordSetGroup"
)

// KeepRecordTypes rewrites a compiled template against the types of a
// deployed stack's resources (logical ID → type): a RecordSetGroup of one
// record whose logical ID the stack holds as a RecordSet becomes that
// RecordSet again. CloudFormation refuses an update that changes a
// resource's type, and even a rename would create the new record before
// deleting the old one of the same name, which Route 53 refuses: so a
// stack flightplan deployed with RecordSets keeps them. It returns the
// template (unchanged when nothing is kept) and the logical IDs kept.
func KeepRecordTypes(template []byte, deployed map[string]string) ([]byte, []string, error) {
	if len(deployed) == 0 || !bytes.Contains(template, []byte(recordSetGroupType)) {
		return template, nil, nil
	}
	var doc map[string]any
	if err := json.Unmarshal(template, &doc); err != nil {
		return nil, nil, fmt.Errorf("the compiled template: %w", err)
	}
	res, _ := doc["Resources"].(map[string]any)
	var kept []string
	for id, r := range res {
		rm, _ := r.(map[string]any)
		if rm == nil || rm["Type"] != recordSetGroupType || deployed[id] != recordSetType {
			continue
		}
		props, _ := rm["Properties"].(map[string]any)
		recs, _ := props["RecordSets"].([]any)
		if len(recs) != 1 {
			continue
		}
		rec, _ := recs[0].(map[string]any)
		out := map[string]any{}
		for k, v := range rec {
			out[k] = v
		}
		for _, k := range []string{"HostedZoneId", "HostedZoneName"} {
			if v, ok := props[k]; ok {
				out[k] = v
			}
		}
		rm["Type"] = recordSetType
		rm["Properties"] = out
		kept = append(kept, id)
	}
	if len(kept) == 0 {
		return template, nil, nil
	}
	sort.Strings(kept)
	return canonicalJSON(doc), kept, nil
}
