package stacks

import (
	"crypto/sha256"
	"fmt"
	"maps"
	"path"
	"slices"

	"flightplan/addr"
	"flightplan/awsspec"
	"flightplan/schema"
)

// Nested addons.
//
// An addon with nested = true is deployed as Copilot deploys addons:
// every nested addon of a workload (or an environment) goes, unprefixed, into one
// template (Copilot merges the files of addons/ the same way), deployed as
// the nested stack AddonsStack (AWS::CloudFormation::Stack) of the
// workload's stack. The template is uploaded to the artifact bucket of the
// region's stack before the change set (an Upload, as env files are) under
// a key hashed from its content, and named by TemplateURL. The nested
// stack gets the parameters Copilot passes (App, Env and, for a workload,
// Name, where the template declares them) and the addon's parameters. A
// workload's are wired as merged addons' outputs are, read with
// Fn::GetAtt AddonsStack.Outputs.NAME as Copilot reads them; an
// environment's stay the nested stack's own (their exports included).
//
// Keeping Copilot's logical ID and template lets a take-over update the
// nested stack in place: its resources (tables, buckets) are not replaced.

// addonsStackID is Copilot's logical ID of a workload's addons stack.
const addonsStackID = "AddonsStack"

// nestedAddons adds the AddonsStack of the nested addons and returns their
// wired outputs; nil when there is none.
func (ws *workloadStack) nestedAddons(addons []*schema.Addon, literals map[string]string) ([]addonOutput, error) {
	if len(addons) == 0 {
		return nil, nil
	}
	bucket := ws.regionInput("ArtifactBucketName", "The name of the app's artifact bucket in this region.", outArtifactBucket)
	doc, up, err := addonsStack(ws.template, addons, literals, ws.workload.Name, ws.env.Region, bucket)
	if err != nil {
		return nil, err
	}
	ws.uploads = append(ws.uploads, up)
	return nestedOutputs(doc), nil
}

// addonsStack adds AddonsStack to t, its template uploaded under
// manual/addons/{owner}/ to the bucket the parameter bucket names, and
// returns the template and its upload.
func addonsStack(t *template, addons []*schema.Addon, literals map[string]string, owner, region, bucket string) (map[string]any, Upload, error) {
	doc, params, err := nestedTemplate(addons, literals)
	if err != nil {
		return nil, Upload{}, err
	}
	body := string(canonicalJSON(doc))
	key := path.Join("manual", "addons", owner, fmt.Sprintf("%x.json", sha256.Sum256([]byte(body))))
	props := obj{"TemplateURL": join("", "https://", ref(bucket), ".s3."+region+".amazonaws.com/"+key)}
	if len(params) > 0 {
		props["Parameters"] = params
	}
	t.add(addonsStackID, "AWS::CloudFormation::Stack", props)
	t.setMember(addonsStackID, "Metadata", obj{"aws:copilot:description": "An Addons CloudFormation Stack for your additional AWS resources"})
	return doc, Upload{From: addr.Region(region), Output: outArtifactBucket, Key: key, Body: body}, nil
}

// nestedTemplate merges the nested addons' templates, unprefixed, and
// returns the nested stack's parameters: the literals the template
// declares (a file's parameter overrides one) and the given parameters.
func nestedTemplate(addons []*schema.Addon, literals map[string]string) (map[string]any, obj, error) {
	doc := map[string]any{"AWSTemplateFormatVersion": "2010-09-09"}
	params := obj{}
	for _, a := range addons {
		part, err := awsspec.ParseTemplate([]byte(a.Template))
		if err == nil {
			err = checkAddonSections(part)
		}
		if err == nil {
			err = mergeSections(doc, part)
		}
		if err == nil {
			err = nestedParams(section(part, "Parameters"), a.Parameters, literals, params)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("addon %q: %w", a.Name, err)
		}
	}
	return doc, params, nil
}

// mergeSections adds a template's sections to doc; a name two addons
// declare is an error unless both declare the same parameter.
func mergeSections(doc, part map[string]any) error {
	for _, sec := range []string{"Parameters", "Conditions", "Mappings", "Resources", "Outputs"} {
		src := section(part, sec)
		if len(src) == 0 {
			continue
		}
		dst := section(doc, sec)
		if dst == nil {
			dst = map[string]any{}
			doc[sec] = dst
		}
		for _, id := range slices.Sorted(maps.Keys(src)) {
			if old, dup := dst[id]; dup && (sec != "Parameters" || compactJSON(old) != compactJSON(src[id])) {
				return fmt.Errorf("%s %q is declared by another nested addon of this workload; nested addons share one template", sec, id)
			}
			dst[id] = src[id]
		}
	}
	return nil
}

// nestedParams records the values of one addon's parameters.
func nestedParams(declared map[string]any, given, literals map[string]string, params obj) error {
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if _, ok := declared[name]; !ok {
			return fmt.Errorf("parameter %q is given in the file but not declared by the template", name)
		}
		params[name] = given[name]
	}
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if _, set := params[name]; set {
			continue
		}
		if v, lit := literals[name]; lit {
			params[name] = v
			continue
		}
		if def, _ := declared[name].(map[string]any); def["Default"] == nil {
			return fmt.Errorf("parameter %q has no value: give it in the addon's parameters", name)
		}
	}
	return nil
}

// nestedOutputs wires the nested template's outputs, read from the nested
// stack.
func nestedOutputs(doc map[string]any) []addonOutput {
	rw := newRewriter("", doc, nil, nil)
	var outs []addonOutput
	outputs := section(doc, "Outputs")
	for _, name := range slices.Sorted(maps.Keys(outputs)) {
		o, _ := outputs[name].(map[string]any)
		outs = append(outs, addonOutput{name: snakeCase(name), kind: rw.outputKind(o["Value"]), value: getAtt(addonsStackID, "Outputs."+name)})
	}
	return outs
}
