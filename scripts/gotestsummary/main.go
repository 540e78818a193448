// Command gotestsummary reads `go test -json` and prints failures plus pass/fail/skip counts,
// so CI output names the number of Go tests without the noise of -v.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	counts := map[string]int{}
	packages := map[string]string{}
	output := map[string][]string{}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 16<<20)
	for scanner.Scan() {
		var e event
		if json.Unmarshal(scanner.Bytes(), &e) != nil {
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			output[key] = append(output[key], e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				packages[e.Package] = e.Action
				if e.Action == "fail" {
					fmt.Print(strings.Join(output[key], ""))
				}
				continue
			}
			// Subtests count on their own; parents are counted too, as go test -v reports them.
			counts[e.Action]++
			if e.Action == "fail" {
				fmt.Printf("--- FAIL %s\n%s", key, strings.Join(output[key], ""))
			}
		}
	}
	for pkg, result := range packages {
		if result == "fail" {
			fmt.Printf("FAIL package %s\n", pkg)
		}
	}
	fmt.Printf("go tests: %d passed, %d failed, %d skipped (%d packages)\n", counts["pass"], counts["fail"], counts["skip"], len(packages))
}
