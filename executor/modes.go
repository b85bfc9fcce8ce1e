package executor

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation"
	"github.com/aws/aws-sdk-go-v2/service/cloudformation/types"

	"flightplan/stacks"
)

// deployModes are how one stack's change sets deploy: the environment's
// deploy_mode and apply's --no-rollback and --revert-drift.
type deployModes struct {
	express     bool
	noRollback  bool
	revertDrift bool
}

func (o Options) modesFor(st *stacks.Stack) deployModes {
	return deployModes{express: st != nil && st.DeployMode == stacks.DeployExpress, noRollback: o.NoRollback, revertDrift: o.RevertDrift}
}

// set asks CloudFormation for the modes: DeploymentConfig (Mode EXPRESS,
// DisableRollback) and, for an update, DeploymentMode REVERT_DRIFT (a
// drift-aware change set; a stack being created has no drift).
func (m deployModes) set(in *cloudformation.CreateChangeSetInput, t types.ChangeSetType) {
	if m.express || m.noRollback {
		in.DeploymentConfig = &types.DeploymentConfig{}
		if m.express {
			in.DeploymentConfig.Mode = types.DeploymentConfigModeExpress
		}
		// Rollback is asked for in so many words: express mode alone
		// turns it off, and an environment's deploy_mode is about
		// speed, not about leaving a failed stack as it failed
		// (that is --no-rollback).
		in.DeploymentConfig.DisableRollback = aws.Bool(m.noRollback)
	}
	if m.revertDrift && t == types.ChangeSetTypeUpdate {
		in.DeploymentMode = types.DeploymentModeRevertDrift
	}
}

// retryable reports whether a failed stack can be updated as it is: an
// operation that failed with rollback disabled (apply --no-rollback) kept
// what it provisioned, and the next update retries from there.
func retryable(status string) bool {
	switch types.StackStatus(status) {
	case types.StackStatusUpdateFailed, types.StackStatusCreateFailed:
		return true
	}
	return false
}
