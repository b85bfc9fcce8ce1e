package cfn

import (
	"encoding/json"
	"maps"
	"slices"

	"flightplan/awssim/internal/cfntemplate"
	"flightplan/awssim/internal/simcore"

	"flightplan/awsspec"
)

type parameterDeclarationXML struct {
	ParameterKey         string
	DefaultValue         string `xml:",omitempty"`
	ParameterType        string
	NoEcho               bool
	Description          string `xml:",omitempty"`
	ParameterConstraints struct {
		AllowedValues []string `xml:"AllowedValues>member"`
	}
}

type templateSummaryResult struct {
	Parameters         []parameterDeclarationXML `xml:"Parameters>member"`
	Description        string                    `xml:",omitempty"`
	Capabilities       []string                  `xml:"Capabilities>member"`
	CapabilitiesReason string                    `xml:",omitempty"`
	ResourceTypes      []string                  `xml:"ResourceTypes>member"`
	Version            string                    `xml:",omitempty"`
	Metadata           string                    `xml:",omitempty"`
}

// getTemplateSummary describes a template given by body or by the stack
// that holds it: its parameters, resource types, required capabilities,
// format version and Metadata section (as JSON).
func (x *Service) getTemplateSummary(r *simcore.Request) (any, error) {
	body, err := x.summaryBody(r)
	if err != nil {
		return nil, err
	}
	t, err := cfntemplate.Parse(body)
	if err != nil {
		return nil, err
	}
	doc, err := awsspec.ParseTemplate([]byte(body))
	if err != nil {
		return nil, err
	}
	out := templateSummaryResult{Description: t.Description, Version: cfntemplate.String(doc["AWSTemplateFormatVersion"])}
	if md, ok := doc["Metadata"]; ok {
		b, _ := json.Marshal(md)
		out.Metadata = string(b)
	}
	for _, k := range slices.Sorted(maps.Keys(t.Params)) {
		out.Parameters = append(out.Parameters, parameterDeclaration(k, t.Params[k]))
	}
	types := map[string]bool{}
	for _, d := range t.Resources {
		types[d.Type] = true
	}
	out.ResourceTypes = slices.Sorted(maps.Keys(types))
	out.Capabilities, out.CapabilitiesReason = requiredCapabilities(t)
	return out, nil
}

// summaryBody is the template GetTemplateSummary describes: TemplateBody,
// the template of StackSetName, or the template of StackName (the new one
// while it is being updated).
func (x *Service) summaryBody(r *simcore.Request) (string, error) {
	switch {
	case r.Form.Get("TemplateBody") != "":
		return r.Form.Get("TemplateBody"), nil
	case r.Form.Get("StackSetName") != "":
		s, err := x.findStackSet(r, r.Form.Get("StackSetName"))
		if err != nil {
			return "", err
		}
		return s.Template, nil
	case r.Form.Get("StackName") != "":
		st, err := x.mustStack(r, "StackName")
		if err != nil {
			return "", err
		}
		if st.Status == "REVIEW_IN_PROGRESS" {
			return "", simcore.Errorf("ValidationError", "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.")
		}
		if p := st.updating(); p != nil {
			return p.Cfg.Template, nil
		}
		return st.Cfg.Template, nil
	case r.Form.Get("TemplateURL") != "":
		return x.templateBody(r.Account, r.Form)
	}
	return "", simcore.Errorf("ValidationError", "Either Template URL or Template Body must be specified.")
}

func parameterDeclaration(key string, decl map[string]any) parameterDeclarationXML {
	out := parameterDeclarationXML{ParameterKey: key, ParameterType: cfntemplate.String(decl["Type"]),
		NoEcho: cfntemplate.String(decl["NoEcho"]) == "true", Description: cfntemplate.String(decl["Description"])}
	if d, ok := decl["Default"]; ok {
		out.DefaultValue = cfntemplate.String(d)
	}
	if list, ok := decl["AllowedValues"].([]any); ok {
		for _, v := range list {
			out.ParameterConstraints.AllowedValues = append(out.ParameterConstraints.AllowedValues, cfntemplate.String(v))
		}
	}
	return out
}
