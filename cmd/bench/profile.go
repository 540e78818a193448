package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// profileRun is where one workload's profiles went.
type profileRun struct {
	Set       string `json:"set"`
	Refreshes int    `json:"warmRefreshes"`
	CPU       string `json:"cpuProfile"`
	Heap      string `json:"heapProfile"`
}

// startProfiledSession starts a session whose plugin serves pprof on a free port. The SDK
// starts that server itself when the plugin's environment asks for it (backend/setup.go); the
// harness hands the plugin this process's environment.
func startProfiledSession(bin string, servers int, cfg config) (*session, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	env := map[string]string{backend.PluginProfilingEnabledEnv: "true", backend.PluginProfilingPortEnv: port}
	for k, v := range env {
		if err := os.Setenv(k, v); err != nil {
			return nil, "", err
		}
	}
	defer func() {
		for k := range env {
			_ = os.Unsetenv(k)
		}
	}()
	// The deprecated switch wins over the current one when set; it must not turn profiling off.
	if err := os.Unsetenv(backend.PluginProfilerEnvDeprecated); err != nil {
		return nil, "", err
	}
	s, err := startSession(bin, servers, cfg)
	return s, "http://127.0.0.1:" + port, err
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = l.Close() }()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}

// profileWarm fills the cache with one refresh, then captures the plugin's CPU profile while w
// refreshes warm back to back for cfg.pprofLength, and its heap profile after.
func profileWarm(s *session, pprofURL string, w workload, servers int, cfg config) (profileRun, error) {
	name := fmt.Sprintf("%s-N%d.pprof", strings.ReplaceAll(w.name, " ", "-"), servers)
	run := profileRun{Set: w.name, CPU: filepath.Join(cfg.pprofDir, "cpu-"+name), Heap: filepath.Join(cfg.pprofDir, "heap-"+name)}
	s.saveDataSource()
	if _, _, err := s.refresh(w); err != nil {
		return run, err
	}
	seconds := max(int(cfg.pprofLength.Seconds()), 1) // pprof reads 0 as its default, 30 s
	done := make(chan error, 1)
	go func() {
		done <- fetchProfile(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", pprofURL, seconds), run.CPU)
	}()
	for {
		select {
		case err := <-done:
			if err != nil {
				return run, err
			}
			return run, fetchProfile(pprofURL+"/debug/pprof/heap", run.Heap)
		default:
		}
		if _, _, err := s.refresh(w); err != nil {
			return run, err
		}
		run.Refreshes++
	}
}

func fetchProfile(url, path string) error {
	client := http.Client{Timeout: 5 * time.Minute}
	rsp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer func() { _ = rsp.Body.Close() }()
	if rsp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, rsp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, rsp.Body); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// pprofTop is `go tool pprof -top` of a profile: its heaviest functions.
func pprofTop(path string, args ...string) string {
	args = append(append([]string{"tool", "pprof", "-top", "-nodecount=15"}, args...), path)
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
