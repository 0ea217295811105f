package publish

import "golang.org/x/sys/unix"

// exchange swaps two paths in one step (renameat2 RENAME_EXCHANGE), so that
// there is no moment, even if the process is killed, when the target does
// not exist. ok is false when the file system cannot do it.
func exchange(a, b string) (ok bool, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch err {
	case nil:
		return true, nil
	case unix.ENOSYS, unix.EINVAL, unix.EXDEV, unix.ENOTSUP:
		return false, nil
	}
	return false, err
}
