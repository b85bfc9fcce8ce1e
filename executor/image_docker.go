package executor

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"flightplan/stacks"
)

// DockerBuilder is the default Builder: it runs the docker CLI found on
// PATH. Build runs
//
//	docker buildx build --platform P [--target T] [--build-arg K=V]… [--cache-from C]…
//	    -f DIR/DOCKERFILE -t URI:TAG (one per repository) --load DIR/CONTEXT
//
// (build args sorted by name) and Push runs
//
//	docker login --username AWS --password-stdin ENDPOINT   (the password on stdin)
//	docker push URI:TAG
//
// The password is never on a command line, where other users of the
// machine could read it. docker keeps the login in its own credentials
// store, as `aws ecr get-login-password | docker login` would.
type DockerBuilder struct {
	// Docker is the command to run; empty means "docker" looked up on PATH.
	Docker string
}

// Build implements Builder.
func (d DockerBuilder) Build(ctx context.Context, b stacks.ImageBuild, out func(string)) (string, error) {
	docker, err := d.docker(b)
	if err != nil {
		return "", err
	}
	if len(b.Repositories) == 0 {
		return "", fmt.Errorf("image %s has no repository to push to", b.Name)
	}
	args := []string{"buildx", "build", "--platform", b.Platform}
	if b.Target != "" {
		args = append(args, "--target", b.Target)
	}
	for _, k := range slices.Sorted(maps.Keys(b.Args)) {
		args = append(args, "--build-arg", k+"="+b.Args[k])
	}
	for _, c := range b.CacheFrom {
		args = append(args, "--cache-from", c)
	}
	args = append(args, "-f", buildPath(b.Dir, b.Dockerfile))
	for _, r := range b.Repositories {
		args = append(args, "-t", r.Ref(b.Tag))
	}
	args = append(args, "--load", buildPath(b.Dir, b.Context))
	return b.Repositories[0].Ref(b.Tag), runDocker(ctx, docker, args, "", out)
}

// Push implements Builder.
func (d DockerBuilder) Push(ctx context.Context, localRef string, repo stacks.ImageRepository, tag string, auth ECRAuth, out func(string)) error {
	docker := d.Docker
	if docker == "" {
		docker = "docker"
	}
	if err := runDocker(ctx, docker, []string{"login", "--username", auth.Username, "--password-stdin", auth.Endpoint}, auth.Password+"\n", out); err != nil {
		return err
	}
	if ref := repo.Ref(tag); ref != localRef {
		if err := runDocker(ctx, docker, []string{"tag", localRef, ref}, "", out); err != nil {
			return err
		}
	}
	return runDocker(ctx, docker, []string{"push", repo.Ref(tag)}, "", out)
}

// docker finds the docker command, or says what to do without it.
func (d DockerBuilder) docker(b stacks.ImageBuild) (string, error) {
	if d.Docker != "" {
		return d.Docker, nil
	}
	path, err := exec.LookPath("docker")
	if err == nil {
		return path, nil
	}
	ref := "the image"
	if len(b.Repositories) > 0 {
		ref = b.Repositories[0].Ref(b.Tag)
	}
	return "", fmt.Errorf("docker is needed to build image %s: install it, or build and push %s yourself, "+
		"or set location = \"URI\" in the image block instead of build", b.Name, ref)
}

// buildPath resolves a slash-separated path of the file against its folder.
func buildPath(dir, p string) string {
	p = filepath.FromSlash(p)
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

// runDocker runs one command, sends its output (stdout and stderr) to out line
// by line, and on failure returns the exit status with the last line.
func runDocker(ctx context.Context, name string, args []string, stdin string, out func(string)) error {
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	var last string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			last = sc.Text()
			out(last)
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	err := cmd.Run()
	_ = pw.Close()
	wg.Wait()
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) && last != "" {
		return fmt.Errorf("docker %s: %w: %s", args[0], err, last)
	}
	return fmt.Errorf("docker %s: %w", args[0], err)
}
