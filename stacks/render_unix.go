//go:build unix

package stacks

import (
	"os"
	"syscall"
)

// writeFile is os.WriteFile (same mode, same errors) in three system calls:
// os.OpenFile also offers each regular file to the network poller, which
// refuses it, and sets and checks its blocking mode — five more calls per
// file, for render's thousands of files.
func writeFile(path string, data []byte) error {
	fd, err := openFile(path)
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			_ = syscall.Close(fd)
			return &os.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}

func openFile(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
