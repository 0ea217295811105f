package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"
	"time"
)

// VNUMessage is one error that the Nu HTML checker found.
type VNUMessage struct {
	Type    string `json:"type"` // "error", or "non-document-error" for a file it could not read
	URL     string `json:"url"`  // file: URL of the document
	Line    int    `json:"line"` // 1-based; 0 when unknown
	Message string `json:"message"`
}

func (m VNUMessage) String() string {
	return fmt.Sprintf("%s:%d: %s", m.URL, m.Line, m.Message)
}

// VNU runs the Nu HTML checker once over every HTML file under dir and
// returns its errors (warnings are left out); valid HTML gives none. It skips
// the test when Java or the checker is missing (see the package doc).
func VNU(t testing.TB, dir string) []VNUMessage {
	t.Helper()
	jar := nodeModule(t, "vnu-jar/build/dist/vnu.jar")
	java, err := exec.LookPath("java")
	if err != nil {
		unavailable(t, "browsertest: no Java runtime found for the Nu HTML checker")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, java, "-jar", jar, "--errors-only", "--format", "json",
		"--stdout", "--exit-zero-always", "--skip-non-html", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("browsertest: Nu HTML checker: %v\n%s", err, stderr.Bytes())
	}
	var out struct {
		Messages []struct {
			Type      string `json:"type"`
			URL       string `json:"url"`
			FirstLine int    `json:"firstLine"`
			LastLine  int    `json:"lastLine"`
			Message   string `json:"message"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("browsertest: reading the Nu HTML checker's output: %v\n%s%s", err, stdout.Bytes(), stderr.Bytes())
	}
	msgs := make([]VNUMessage, 0, len(out.Messages))
	for _, m := range out.Messages {
		line := m.FirstLine // only set when the error spans lines
		if line == 0 {
			line = m.LastLine
		}
		msgs = append(msgs, VNUMessage{Type: m.Type, URL: m.URL, Line: line, Message: m.Message})
	}
	return msgs
}
