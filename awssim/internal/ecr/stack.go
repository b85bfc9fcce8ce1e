package ecr

import "flightplan/awssim/internal/cfn"

// The AWS::ECR::Repository resources of stacks, in simulated ECR.
//
// Like a stack's bucket, a stack's repository holds what another API writes
// (images, through PutImage), so it is a repository in ecrState, made and
// removed as the stack's schedule passes its events (Applied, called as
// CloudFormation applies each step): CREATE_COMPLETE makes it, DELETE_COMPLETE removes it with
// its images (EmptyOnDelete), DELETE_SKIPPED (DeletionPolicy: Retain) lets
// it live on without the stack.

const repositoryType = "AWS::ECR::Repository"

// Applied keeps ECR in step with one applied step of a stack's schedule.
func (x *Service) Applied(ev cfn.ResourceEvent) {
	if ev.Type != repositoryType || ev.PhysicalID == "" {
		return
	}
	st := ev.Stack
	r := x.repo(st.Account, st.Region, ev.PhysicalID)
	switch ev.Status {
	case "CREATE_COMPLETE":
		if r == nil {
			x.addRepo(&ecrRepo{Name: ev.PhysicalID, Account: st.Account, Region: st.Region, Created: ev.At, Stack: st.ID})
		}
	case "DELETE_COMPLETE":
		if r != nil && r.Stack == st.ID {
			delete(x.st.Repos, ecrKey(r.Account, r.Region, r.Name))
		}
	case "DELETE_SKIPPED", "IMPORT_ROLLBACK_COMPLETE":
		if r != nil && r.Stack == st.ID {
			r.Stack = ""
		}
	case "IMPORT_COMPLETE":
		if r != nil && r.Stack == "" {
			r.Stack = st.ID
		}
	}
}
