package lang

import (
	"path/filepath"
	"strings"

	"flightplan/schema"
)

// envFile reads env_file: a .env file of the configuration's folder, read
// now so that its content names its key in the artifact bucket, or the ARN
// of an S3 object. Copilot requires the .env extension of both.
func (l *loader) envFile(e *evaluator, n *node) *schema.EnvFile {
	var v string
	a := e.str(n, "env_file", &v)
	if a == nil {
		return nil
	}
	if filepath.Ext(v) != ".env" {
		e.errorf(a.Expr.Range(), "Invalid env_file",
			"The environment file must have the .env extension, as ECS (and Copilot) require; rename it, for example to api.env.")
		return nil
	}
	if strings.HasPrefix(v, "arn:") {
		if err := schema.CheckS3ObjectARN(v); err != nil {
			e.errorf(a.Expr.Range(), "Invalid env_file", "%s.", capitalize(err.Error()))
			return nil
		}
		return &schema.EnvFile{ARN: v}
	}
	text, err := readInside(l.dir, v)
	if err != nil {
		e.errorf(a.Expr.Range(), "Cannot read env_file",
			"%s. env_file is a file of the configuration's folder (a path relative to it) or the ARN of an S3 object (arn:aws:s3:::BUCKET/KEY.env).", capitalize(err.Error()))
		return nil
	}
	return &schema.EnvFile{Path: filepath.ToSlash(filepath.Clean(v)), Content: text}
}
