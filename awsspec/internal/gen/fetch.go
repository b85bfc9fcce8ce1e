package main

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// fetchDB runs `npm pack pkg` in dir and extracts package/db.json.gz from the tarball, returning
// the extracted file's path. npm verifies the tarball's integrity against the registry.
func fetchDB(pkg, dir string) (string, error) {
	cmd := exec.Command("npm", "pack", "--silent", pkg)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w", pkg, err)
	}
	tgz := filepath.Join(dir, strings.TrimSpace(lastLine(string(out))))
	dst := filepath.Join(dir, "db.json.gz")
	if err := extract(tgz, "package/db.json.gz", dst); err != nil {
		return "", fmt.Errorf("%s: %w", tgz, err)
	}
	return dst, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// extract copies the member name of the gzipped tarball src to dst.
func extract(src, name, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("no %s in the tarball", name)
		}
		if err != nil {
			return err
		}
		if h.Name == name {
			return writeFrom(dst, tr)
		}
	}
}

func writeFrom(dst string, r io.Reader) error {
	w, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func sha256hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
