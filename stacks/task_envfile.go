package stacks

import (
	"crypto/sha256"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"

	"flightplan/addr"
	"flightplan/schema"
)

// The region stack's outputs that an env file needs: the artifact bucket
// it is uploaded to and the KMS key that encrypts it.
const (
	outArtifactBucket = "PipelineBucket"
	outArtifactKey    = "KMSKeyARN"
)

// envFileKey is where a file's content goes in the artifact bucket,
// Copilot's layout: manual/env-files/NAME/SHA256.env.
func envFileKey(name, content string) string {
	return path.Join("manual", "env-files", path.Base(name), fmt.Sprintf("%x.env", sha256.Sum256([]byte(content))))
}

// envFileARN is the S3 ARN of an env file, nil for none. A file of the
// configuration is uploaded (ws.uploads) and named by the bucket's name, a
// parameter read from the region stack's outputs.
func (ws *workloadStack) envFileARN(ef *schema.EnvFile) any {
	switch {
	case ef == nil:
		return nil
	case ef.ARN != "":
		return ef.ARN
	}
	key := envFileKey(ef.Path, ef.Content)
	bucket := ws.regionInput("ArtifactBucketName", "The name of the app's artifact bucket in this region.", outArtifactBucket)
	if !slices.ContainsFunc(ws.uploads, func(u Upload) bool { return u.Key == key }) {
		ws.uploads = append(ws.uploads, Upload{From: addr.Region(ws.env.Region), Output: outArtifactBucket, Key: key, Body: ef.Content})
	}
	return join("", "arn:"+partition(ws.env.Region)+":s3:::", ref(bucket), "/"+key)
}

// withEnvFile names a container's env file in its definition.
func (ws *workloadStack) withEnvFile(ct *fields, ef *schema.EnvFile) {
	if arn := ws.envFileARN(ef); arn != nil {
		ct.set("EnvironmentFiles", mkList(mk(pair{"Type", "s3"}, pair{"Value", arn})))
	}
}

// envFiles are the env files of the task's containers: the main
// container's, the log router's and the sidecars'.
func (ws *workloadStack) envFiles() []*schema.EnvFile {
	d := ws.deployment
	var out []*schema.EnvFile
	add := func(ef *schema.EnvFile) {
		if ef != nil {
			out = append(out, ef)
		}
	}
	add(d.EnvFile)
	if d.Logging.FireLens != nil {
		add(d.Logging.FireLens.EnvFile)
	}
	for _, sc := range d.Sidecars {
		add(sc.EnvFile)
	}
	return out
}

// regionInput adds, once, a parameter read from an output of the region's
// stack.
func (ws *workloadStack) regionInput(param, description, output string) string {
	return ws.inputParam(param, description, addr.Region(ws.env.Region), output)
}

// inputParam declares (once) the parameter param, described by
// description, whose value is the output of the stack of node from, and
// returns its name.
func (ws *workloadStack) inputParam(param, description string, from addr.Address, output string) string {
	for _, in := range ws.inputs {
		if in.Parameter == param {
			return param
		}
	}
	ws.template.param(param, description)
	ws.inputs = append(ws.inputs, Input{Parameter: param, From: from, Output: output})
	return param
}

// envFileStatements let the execution role read the env files (and find
// their buckets' regions, which ECS asks); uploaded files are encrypted
// with the artifact key, which the role may then decrypt with.
func (ws *workloadStack) envFileStatements() []any {
	var objects, buckets list
	var given []string
	uploaded := false
	for _, ef := range ws.envFiles() {
		arn := ws.envFileARN(ef)
		if s, ok := arn.(string); ok {
			given = append(given, s)
			continue
		}
		if !slices.ContainsFunc(objects, func(o any) bool { return reflect.DeepEqual(o, arn) }) {
			objects = append(objects, arn) // the same file twice is one object
		}
		if !uploaded {
			buckets = append(buckets, join("", "arn:"+partition(ws.env.Region)+":s3:::", ref("ArtifactBucketName")))
		}
		uploaded = true
	}
	slices.Sort(given)
	for _, s := range slices.Compact(given) {
		objects = append(objects, s)
		bucket, _, _ := strings.Cut(s, "/")
		if !slices.Contains(buckets, any(bucket)) {
			buckets = append(buckets, bucket)
		}
	}
	if len(objects) == 0 {
		return nil
	}
	stmts := []any{allow([]string{"s3:GetObject"}, objects), allow([]string{"s3:GetBucketLocation"}, buckets)}
	if uploaded {
		key := ws.regionInput("ArtifactKeyARN", "The ARN of the KMS key of the app's artifact bucket in this region.", outArtifactKey)
		stmts = append(stmts, allow([]string{"kms:Decrypt"}, mkList(ref(key))))
	}
	return stmts
}
