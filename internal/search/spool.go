package search

import (
	"bufio"
	"errors"
	"fmt"
	"os"
)

// spoolGroups is the number of groups that posting records are spooled
// in, by token hash: group g holds the tokens whose fnv32a is g modulo
// spoolGroups. As shard counts are powers of two too, a shard's tokens
// are all in one group when there are at least spoolGroups shards, and in
// spoolGroups/shards whole groups when there are fewer.
const spoolGroups = 256

// A spool is scratch space written once, in appends, and then read: in
// memory up to limit bytes (no limit when it is negative), then in a file.
type spool struct {
	dir   string
	limit int
	size  int64

	mem  []byte
	f    *os.File
	bw   *bufio.Writer
	name string // of f, when it could not be unlinked at once
}

func (s *spool) write(p []byte) error {
	if s.f == nil && s.limit >= 0 && len(s.mem)+len(p) > s.limit {
		if err := s.create(); err != nil {
			return err
		}
	}
	if s.f == nil {
		s.mem = append(s.mem, p...)
	} else if _, err := s.bw.Write(p); err != nil {
		return fmt.Errorf("search: scratch file: %w", err)
	}
	s.size += int64(len(p))
	return nil
}

// create moves the spool to a new file.
func (s *spool) create() error {
	f, err := os.CreateTemp(s.dir, "jixiao-search-*.tmp")
	if err != nil {
		return fmt.Errorf("search: scratch file: %w", err)
	}
	// Unlinked, the file goes with the last descriptor, even on a crash.
	// Systems that refuse leave it to close.
	if os.Remove(f.Name()) != nil {
		s.name = f.Name()
	}
	s.f, s.bw = f, bufio.NewWriterSize(f, 256<<10)
	if _, err := s.bw.Write(s.mem); err != nil {
		return fmt.Errorf("search: scratch file: %w", err)
	}
	s.mem = nil
	return nil
}

// flush ends the writing: after it, readAt may be called concurrently.
func (s *spool) flush() error {
	if s.bw == nil {
		return nil
	}
	if err := s.bw.Flush(); err != nil {
		return fmt.Errorf("search: scratch file: %w", err)
	}
	return nil
}

// readAt fills p from offset off.
func (s *spool) readAt(p []byte, off int64) error {
	if s.f == nil {
		copy(p, s.mem[off:])
		return nil
	}
	if _, err := s.f.ReadAt(p, off); err != nil {
		return fmt.Errorf("search: scratch file: %w", err)
	}
	return nil
}

// close frees the spool and removes its file.
func (s *spool) close() error {
	s.mem = nil
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if s.name != "" {
		err = errors.Join(err, os.Remove(s.name))
	}
	s.f, s.bw, s.name = nil, nil, ""
	return err
}
