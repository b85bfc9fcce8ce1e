package stacks

import "encoding/json"

// A Node encodes as JSON with its own field tags (a saved plan holds the
// desired nodes themselves, so that a field added to a node is carried
// through a plan file without a second description to keep in step). Only
// the template needs help: it is JSON text, kept byte for byte as a string
// rather than as base64 or as a nested object re-indented by the encoder.

// stackFields is Stack without its methods, so that MarshalJSON can encode
// it without calling itself.
type stackFields Stack

// MarshalJSON encodes the stack with its template as a JSON string.
func (s Stack) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		*stackFields
		Template string `json:"template"`
	}{(*stackFields)(&s), string(s.Template)})
}

// UnmarshalJSON decodes a stack encoded by MarshalJSON.
func (s *Stack) UnmarshalJSON(b []byte) error {
	var wire struct {
		*stackFields
		Template string `json:"template"`
	}
	wire.stackFields = (*stackFields)(s)
	if err := json.Unmarshal(b, &wire); err != nil {
		return err
	}
	s.Template = []byte(wire.Template)
	return nil
}
