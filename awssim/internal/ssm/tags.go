package ssm

import (
	"slices"

	"flightplan/awssim/internal/simcore"
)

const maxTags = 50

type tagsInput struct {
	ResourceType string
	ResourceId   string
	Tags         []tag
	TagKeys      []string
}

// addTags adds or replaces tags on a parameter.
func (x *Service) addTags(c *call) (any, error) {
	p, in, err := c.tagged()
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	tags := slices.Clone(p.Tags)
	for _, t := range in.Tags {
		tags = setTag(tags, t)
	}
	if len(tags) > maxTags {
		return nil, simcore.Errorf("TooManyTagsError", "")
	}
	p.Tags = tags
	return nil, nil
}

// removeTags removes tags by key; absent keys are ignored.
func (x *Service) removeTags(c *call) (any, error) {
	p, in, err := c.tagged()
	if err != nil {
		return nil, err
	}
	p.Tags = slices.DeleteFunc(slices.Clone(p.Tags), func(t tag) bool { return slices.Contains(in.TagKeys, t.Key) })
	return nil, nil
}

// listTags returns a parameter's tags in the order they were added.
func (x *Service) listTags(c *call) (any, error) {
	p, _, err := c.tagged()
	if err != nil {
		return nil, err
	}
	return map[string]any{"TagList": append([]tag{}, p.Tags...)}, nil
}

// tagged decodes a tag call and finds its parameter. Only the Parameter
// resource type is simulated; the others are refused as AWS refuses a type it
// does not know.
func (c *call) tagged() (*parameter, *tagsInput, error) {
	var in tagsInput
	if err := c.decode(&in); err != nil {
		return nil, nil, err
	}
	if in.ResourceType != "Parameter" {
		return nil, nil, simcore.Errorf("InvalidResourceType", "")
	}
	p := c.find(in.ResourceId)
	if p == nil {
		return nil, nil, simcore.Errorf("InvalidResourceId", "")
	}
	return p, &in, nil
}

// setTag sets t in tags, replacing the value of an existing key.
func setTag(tags []tag, t tag) []tag {
	if i := slices.IndexFunc(tags, func(u tag) bool { return u.Key == t.Key }); i >= 0 {
		tags[i] = t
		return tags
	}
	return append(tags, t)
}

// checkTags applies the limits of the Tag shape.
func checkTags(tags []tag) error {
	if len(tags) > maxTags {
		return simcore.Errorf("TooManyTagsError", "")
	}
	for _, t := range tags {
		if t.Key == "" || len(t.Key) > 128 {
			return validationf("tags.member.key", t.Key, "Member must have length between 1 and 128")
		}
		if len(t.Value) > 256 {
			return validationf("tags.member.value", t.Value, "Member must have length less than or equal to 256")
		}
	}
	return nil
}
