package awssim

// Stub owned by the CloudFormation engineer: replace this file with cfn*.go.

type cfnService struct{ sim *Sim }

func newCFN(s *Sim) *cfnService { return &cfnService{sim: s} }

func (x *cfnService) service() *Service {
	return &Service{Name: "cloudformation", Protocol: ProtocolQuery, XMLNS: "http://cloudformation.amazonaws.com/doc/2010-05-15/", Handle: func(r *Request) (any, error) {
		return nil, Errorf("InvalidAction", "not implemented")
	}}
}
