package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ConsoleErrors starts to collect the errors that the page of ctx reports:
// calls of console.error and failed console.assert, uncaught exceptions and
// promise rejections, and error entries of the browser log, which include
// failed loads and Content-Security-Policy violations. It returns a func that
// gives the messages collected so far. Call it before the action that loads
// the page. Events that arrived before the reply to the last action are
// always in the result.
func ConsoleErrors(t testing.TB, ctx context.Context) func() []string {
	t.Helper()
	var (
		mu   sync.Mutex
		msgs []string
	)
	add := func(s string) {
		mu.Lock()
		msgs = append(msgs, s)
		mu.Unlock()
	}
	// Listen, not Events or Console: its func runs before the reply to any
	// later command is read, so no error slips past the end of an action.
	// The log domain is enabled by chromedp for every tab.
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				add("console." + string(ev.Type) + ": " + argsText(ev.Args))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				desc, _, _ := strings.Cut(objectText(d.Exception), "\n")
				text += " " + desc
			}
			add("exception: " + text)
		case *log.EventEntryAdded:
			if e := ev.Entry; e.Level == log.EntryLevelError {
				s := "log " + string(e.Source) + ": " + e.Text
				if e.URL != "" {
					s += " (" + e.URL + ")"
				}
				add(s)
			}
		}
	})
	if err != nil {
		t.Fatalf("browsertest: listening to the console: %v", err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = objectText(a)
	}
	return strings.Join(parts, " ")
}

// objectText renders a value as the console shows it, roughly.
func objectText(o *runtime.RemoteObject) string {
	var s string
	switch {
	case o.Type == runtime.RemoteObjectTypeString && json.Unmarshal(o.Value, &s) == nil:
		return s
	case o.Description != "":
		return o.Description
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case len(o.Value) > 0:
		return string(o.Value)
	}
	return string(o.Type)
}
