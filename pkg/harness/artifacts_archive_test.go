package harness

import (
	"archive/zip"
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The offline part of Grafana's plugin validator (plugincheck2), for when its module cannot be
// fetched and for every CI run: each check below mirrors the analyzer it is named after.
// scripts/validate.sh runs it on a release archive (NETCUPSCP_ARCHIVE); without one it checks
// dist/ as the archive would hold it, which CI builds before the Go tests.

// releasePlatforms are the executable suffixes a release archive carries (Magefile.go).
var releasePlatforms = []string{"linux_amd64", "linux_arm64", "linux_arm", "darwin_amd64", "darwin_arm64", "windows_amd64.exe", "windows_arm64.exe"}

// validatorPlatforms are the suffixes plugincheck2 looks for; it needs at least one.
var validatorPlatforms = []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64.exe"}

// angularPatterns are what plugincheck2's legacyplatform analyzer takes for an Angular plugin.
var angularPatterns = []string{"PanelCtrl", "QueryCtrl", "app/plugins/sdk", "angular.isNumber(", "editor.html", "ctrl.annotation", "getLegacyAngularInjector", "System.register("}

type severity string

const (
	sevError   severity = "error"
	sevWarning severity = "warning"
	sevAdvice  severity = "recommendation"
)

type finding struct {
	analyzer string
	severity severity
	message  string
}

// archiveFile is one file of the plugin folder.
type archiveFile struct {
	mode fs.FileMode
	data []byte
}

// pluginArchive is the plugin folder of a release archive: root is the folder's name, files
// are keyed by their path inside it.
type pluginArchive struct {
	name  string // the zip's file name ("" when checking dist/)
	roots []string
	files map[string]archiveFile
}

func readZipArchive(p string) (pluginArchive, error) {
	r, err := zip.OpenReader(p)
	if err != nil {
		return pluginArchive{}, err
	}
	defer r.Close()
	a := pluginArchive{name: filepath.Base(p), files: map[string]archiveFile{}}
	for _, f := range r.File {
		root, rest, _ := strings.Cut(f.Name, "/")
		if !slices.Contains(a.roots, root) {
			a.roots = append(a.roots, root)
		}
		if f.FileInfo().IsDir() || rest == "" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return a, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return a, err
		}
		a.files[rest] = archiveFile{mode: f.Mode(), data: b}
	}
	return a, nil
}

// readDistArchive reads dist/ as package.sh would zip it, under the plugin id.
func readDistArchive(dir string) (pluginArchive, error) {
	a := pluginArchive{roots: []string{PluginID}, files: map[string]archiveFile{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		a.files[filepath.ToSlash(rel)] = archiveFile{mode: info.Mode(), data: b}
		return nil
	})
	return a, err
}

// pluginMeta is the part of plugin.json the checks read.
type pluginMeta struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Backend    bool   `json:"backend"`
	Alerting   bool   `json:"alerting"`
	Executable string `json:"executable"`
	Info       struct {
		Description string   `json:"description"`
		Keywords    []string `json:"keywords"`
		Version     string   `json:"version"`
		Updated     string   `json:"updated"`
		Logos       struct {
			Small string `json:"small"`
			Large string `json:"large"`
		} `json:"logos"`
		Screenshots []struct {
			Name string `json:"name"`
			Path string `json:"path"`
		} `json:"screenshots"`
		Links []struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"links"`
	} `json:"info"`
	Includes []struct {
		Type string `json:"type"`
		Path string `json:"path"`
	} `json:"includes"`
	Dependencies struct {
		GrafanaDependency string `json:"grafanaDependency"`
	} `json:"dependencies"`
}

var semver = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// validate runs the offline analyzers; release also demands every platform of Magefile.go.
func (a pluginArchive) validate(release bool) []finding {
	var out []finding
	report := func(analyzer string, sev severity, format string, args ...any) {
		out = append(out, finding{analyzer, sev, fmt.Sprintf(format, args...)})
	}
	if len(a.roots) != 1 {
		report("archive", sevError, "the archive must hold one folder, named after the plugin id; it holds %v", a.roots)
	}
	if _, ok := a.files["dist/plugin.json"]; ok {
		report("archive", sevError, "dist should be renamed to the plugin id and moved to the root")
	}
	raw, ok := a.files["plugin.json"]
	if !ok {
		report("metadatavalid", sevError, "plugin.json not found")
		return out
	}
	var meta pluginMeta
	if err := json.Unmarshal(raw.data, &meta); err != nil {
		report("metadatavalid", sevError, "plugin.json: %v", err)
		return out
	}
	if len(a.roots) == 1 && a.roots[0] != meta.ID {
		report("archivename", sevError, "archive should contain a directory named %s", meta.ID)
	}
	if a.name != "" && !strings.HasPrefix(a.name, meta.ID+"-"+meta.Info.Version) {
		report("archivename", sevError, "archive %s should be named %s-%s.zip", a.name, meta.ID, meta.Info.Version)
	}
	if meta.ID == "" || meta.Name == "" || meta.Type == "" || meta.Info.Updated == "" {
		report("metadatavalid", sevError, "plugin.json needs id, name, type and info.updated")
	}
	if parts := strings.Split(meta.ID, "-"); parts[len(parts)-1] != meta.Type {
		report("typesuffix", sevError, "plugin id should end with plugin type")
	}
	if !semver.MatchString(meta.Info.Version) {
		report("version", sevError, "plugin version %q is not semver (was %%VERSION%% substituted?)", meta.Info.Version)
	}
	if !strings.HasPrefix(meta.Dependencies.GrafanaDependency, ">=") {
		report("grafanadependency", sevError, "grafanaDependency %q should be a >= range", meta.Dependencies.GrafanaDependency)
	}
	if meta.Info.Description == "" {
		report("discoverability", sevWarning, "plugin.json: description is empty")
	}
	if len(meta.Info.Keywords) == 0 {
		report("discoverability", sevWarning, "plugin.json: keywords are empty")
	}
	if !slices.ContainsFunc(meta.Info.Links, func(l struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	}) bool {
		return strings.Contains(strings.ToLower(l.Name), "sponsor")
	}) {
		report("sponsorshiplink", sevAdvice, "you can include a sponsorship link if you want users to support your work")
	}
	out = append(out, a.pathFindings(meta)...)
	out = append(out, a.frontendFindings()...)
	out = append(out, a.docFindings()...)
	out = append(out, a.backendFindings(meta, release)...)
	if _, ok := a.files["MANIFEST.txt"]; !ok {
		report("manifest", sevWarning, "unsigned plugin: expected for a new plugin until Grafana signs it")
	}
	return out
}

// pathFindings covers logos, metadatapaths, screenshots, includes and unsafesvg.
func (a pluginArchive) pathFindings(meta pluginMeta) []finding {
	var out []finding
	checkPath := func(analyzer, what, p string) {
		switch {
		case strings.TrimSpace(p) == "":
			out = append(out, finding{analyzer, sevError, "plugin.json: invalid empty " + what + " path"})
		case strings.Contains(p, "://") || strings.HasPrefix(p, ".") || strings.HasPrefix(p, "/"):
			out = append(out, finding{"metadatapaths", sevError, fmt.Sprintf("%s path %q must be relative to plugin.json, not starting with . or /", what, p)})
		default:
			if _, ok := a.files[p]; !ok {
				out = append(out, finding{"metadatapaths", sevError, fmt.Sprintf("%s %q is not in the archive", what, p)})
			}
		}
	}
	checkPath("logos", "small logo", meta.Info.Logos.Small)
	checkPath("logos", "large logo", meta.Info.Logos.Large)
	if len(meta.Info.Screenshots) == 0 {
		out = append(out, finding{"screenshots", sevWarning, "plugin.json: should include screenshots for the Plugin catalog"})
	}
	for _, s := range meta.Info.Screenshots {
		checkPath("screenshots", "screenshot", s.Path)
		if f, ok := a.files[s.Path]; ok && !isImage(f.data) {
			out = append(out, finding{"screenshots", sevError, fmt.Sprintf("screenshot %q is not a PNG, JPEG, GIF or SVG image", s.Path)})
		}
	}
	for _, inc := range meta.Includes {
		f, ok := a.files[inc.Path]
		var v map[string]any
		if !ok || json.Unmarshal(f.data, &v) != nil {
			out = append(out, finding{"includes", sevError, fmt.Sprintf("included %s %q is missing or not JSON", inc.Type, inc.Path)})
		}
	}
	unsafe := regexp.MustCompile(`(?i)<script|<foreignObject|\son[a-z]+\s*=|javascript:|(xlink:)?href\s*=\s*["']https?:`)
	for name, f := range a.files {
		if strings.HasSuffix(name, ".svg") && unsafe.Match(f.data) {
			out = append(out, finding{"unsafesvg", sevError, "SVG file " + name + " is unsafe: scripts, event handlers or external references"})
		}
	}
	return out
}

// isImage tells the image formats the catalog shows by their first bytes.
func isImage(data []byte) bool {
	for _, magic := range [][]byte{[]byte("\x89PNG\r\n\x1a\n"), {0xff, 0xd8, 0xff}, []byte("GIF8"), []byte("<svg")} {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

// frontendFindings covers modulejs, jssourcemap and legacyplatform.
func (a pluginArchive) frontendFindings() []finding {
	module, ok := a.files["module.js"]
	if !ok {
		return []finding{{"modulejs", sevError, "missing module.js"}}
	}
	var out []finding
	if _, ok := a.files["module.js.map"]; !ok {
		out = append(out, finding{"jssourcemap", sevError, "missing module.js.map in archive"})
	}
	for _, p := range angularPatterns {
		if bytes.Contains(module.data, []byte(p)) {
			out = append(out, finding{"legacyplatform", sevError, "module.js: uses legacy plugin platform (" + p + ")"})
		}
	}
	return out
}

// docFindings covers readme, templatereadme, htmlreadme, jargon, changelog and license.
func (a pluginArchive) docFindings() []finding {
	var out []finding
	readme, ok := a.files["README.md"]
	switch {
	case !ok:
		out = append(out, finding{"readme", sevError, "missing README.md"})
	default:
		if regexp.MustCompile(`^# Grafana (Panel|Data Source|Data Source Backend) Plugin Template`).Match(readme.data) {
			out = append(out, finding{"templatereadme", sevError, "README.md: uses README from template"})
		}
		if regexp.MustCompile(`</[a-z]+>`).Match(readme.data) {
			out = append(out, finding{"htmlreadme", sevError, "README.md: html is not supported and will not render correctly"})
		}
		for _, word := range []string{"yarn", "nodejs"} {
			if bytes.Contains(readme.data, []byte(word)) {
				out = append(out, finding{"jargon", sevError, "README.md contains developer jargon: " + word})
			}
		}
	}
	if changelog, ok := a.files["CHANGELOG.md"]; !ok || len(bytes.TrimSpace(changelog.data)) == 0 {
		out = append(out, finding{"changelog", sevWarning, "missing or empty CHANGELOG.md"})
	}
	license := a.files["LICENSE"].data
	if !bytes.Contains(license, []byte("Apache License")) || !bytes.Contains(license, []byte("Version 2.0")) {
		out = append(out, finding{"license", sevError, "no Apache-2.0 LICENSE in the archive"})
	}
	if bytes.Contains(license, []byte("{yyyy}")) || bytes.Contains(license, []byte("{name of copyright owner}")) {
		out = append(out, finding{"license", sevWarning, "LICENSE still has the template's placeholders {yyyy} and {name of copyright owner}"})
	}
	return out
}

// backendFindings covers backendbinary, binarypermissions, backenddebug and gobuildinfo.
func (a pluginArchive) backendFindings(meta pluginMeta, release bool) []finding {
	var out []finding
	switch {
	case meta.Alerting && !meta.Backend:
		return []finding{{"backendbinary", sevError, "alerting is set but backend is false"}}
	case meta.Backend && meta.Executable == "":
		return []finding{{"backendbinary", sevError, "backend is set but no executable"}}
	case meta.Executable == "":
		return nil
	}
	var found []string
	for _, suffix := range validatorPlatforms {
		if _, ok := a.files[meta.Executable+"_"+suffix]; ok {
			found = append(found, suffix)
		}
	}
	if len(found) == 0 {
		out = append(out, finding{"backendbinary", sevError, "missing backend binaries in your plugin archive"})
	}
	if release {
		for _, suffix := range releasePlatforms {
			if _, ok := a.files[meta.Executable+"_"+suffix]; !ok {
				out = append(out, finding{"backendbinary", sevError, "the release lacks " + meta.Executable + "_" + suffix})
			}
		}
	}
	for name, f := range a.files {
		base := path.Base(name)
		if base == "standalone.txt" || base == "pid.txt" {
			out = append(out, finding{"backenddebug", sevError, "found standalone backend file " + name})
		}
		if !strings.HasPrefix(base, path.Base(meta.Executable)) {
			continue
		}
		if !strings.HasSuffix(base, ".exe") && f.mode.Perm() != 0o755 {
			out = append(out, finding{"binarypermissions", sevError, fmt.Sprintf("permissions for binary executable %s are incorrect (%04o found), want 0755", base, f.mode.Perm())})
		}
		out = append(out, buildInfoFindings(base, f.data, meta, release)...)
	}
	return out
}

// buildInfoFindings mirrors gobuildinfo: readable Go build info, no dirty VCS build (only a
// warning for a developer's dist/), and the SDK's embedded plugin id and version equal to
// plugin.json's.
func buildInfoFindings(name string, binary []byte, meta pluginMeta, release bool) []finding {
	info, err := buildinfo.Read(bytes.NewReader(binary))
	if err != nil {
		return []finding{{"gobuildinfo", sevError, "could not read build info from " + name + ": " + err.Error()}}
	}
	var out []finding
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.modified" && s.Value == "true":
			sev := sevWarning
			if release {
				sev = sevError
			}
			out = append(out, finding{"gobuildinfo", sev, name + ": built from a dirty working tree"})
		case s.Key == "CGO_ENABLED" && s.Value == "1":
			out = append(out, finding{"gobuildinfo", sevWarning, name + ": built with CGO_ENABLED=1"})
		case s.Key == "-ldflags":
			_, embedded, ok := strings.Cut(s.Value, "buildinfo.buildInfoJSON=")
			if !ok {
				continue
			}
			var sdk struct{ PluginID, Version string }
			if end := strings.IndexByte(embedded, '\''); end >= 0 {
				embedded = embedded[:end]
			}
			if err := json.Unmarshal([]byte(embedded), &sdk); err != nil {
				continue
			}
			if sdk.PluginID != meta.ID || sdk.Version != meta.Info.Version {
				out = append(out, finding{"gobuildinfo", sevError, fmt.Sprintf("%s: built for %s %s, plugin.json says %s %s", name, sdk.PluginID, sdk.Version, meta.ID, meta.Info.Version)})
			}
		}
	}
	return out
}

func TestReleaseArchive(t *testing.T) {
	archive, release := os.Getenv("NETCUPSCP_ARCHIVE"), true
	var a pluginArchive
	var err error
	if archive != "" {
		a, err = readZipArchive(archive)
	} else {
		root, rootErr := moduleRoot()
		if rootErr != nil {
			t.Fatal(rootErr)
		}
		dist := filepath.Join(root, "dist")
		// A half-built dist/ (frontend only) is a developer's work in progress, not a release.
		built, _ := filepath.Glob(filepath.Join(dist, "gpx_*"))
		if _, statErr := os.Stat(filepath.Join(dist, "plugin.json")); statErr != nil || len(built) == 0 {
			t.Skip("dist/ holds no built plugin: build it (npm run build, go tool mage) or set NETCUPSCP_ARCHIVE")
		}
		a, err = readDistArchive(dist)
		release = false
	}
	if err != nil {
		t.Fatal(err)
	}
	errors := 0
	for _, f := range a.validate(release) {
		t.Logf("%-18s %-14s %s", f.analyzer, f.severity, f.message)
		switch {
		case f.severity == sevError:
			errors++
		case slices.Contains(fixedWarnings, f.analyzer):
			t.Errorf("the validator's %s warning is back: %s", f.analyzer, f.message)
		}
	}
	if errors > 0 {
		t.Errorf("%d error(s): the plugin validator would reject this archive", errors)
	}
}

// fixedWarnings are validator warnings this plugin once had and fixed: catalog screenshots,
// the LICENSE's template placeholders, and the metadata the catalog lists.
var fixedWarnings = []string{"screenshots", "license", "discoverability"}

func TestArchiveChecksCatchBrokenArchives(t *testing.T) {
	good := pluginArchive{name: PluginID + "-1.0.0.zip", roots: []string{PluginID}, files: map[string]archiveFile{
		"plugin.json": {data: []byte(`{"id":"` + PluginID + `","type":"datasource","name":"n","backend":true,"executable":"gpx_x",
			"info":{"version":"1.0.0","updated":"2026-01-01","description":"d","keywords":["k"],"logos":{"small":"img/logo.svg","large":"img/logo.svg"},
			"screenshots":[{"name":"s","path":"img/s.png"}]},"dependencies":{"grafanaDependency":">=12.3.0"}}`)},
		"img/logo.svg":  {data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>`)},
		"img/s.png":     {data: []byte("\x89PNG\r\n\x1a\n")},
		"module.js":     {data: []byte("define([],function(){})")},
		"module.js.map": {data: []byte("{}")},
		"README.md":     {data: []byte("# A plugin\n")},
		"CHANGELOG.md":  {data: []byte("# Changelog\n")},
		"LICENSE":       {data: []byte("Apache License\nVersion 2.0, January 2004\n")},
	}}
	// A binary with real Go build info: this test's own executable.
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	good.files["gpx_x_linux_amd64"] = archiveFile{mode: 0o755, data: self}
	analyzersOf := func(a pluginArchive, sev severity) []string {
		var out []string
		for _, f := range a.validate(false) {
			if f.severity == sev {
				out = append(out, f.analyzer)
			}
		}
		return out
	}
	if errs := analyzersOf(good, sevError); len(errs) != 0 {
		t.Fatalf("a valid archive gets errors from %v", errs)
	}
	if warns := analyzersOf(good, sevWarning); slices.ContainsFunc(fixedWarnings, func(w string) bool { return slices.Contains(warns, w) }) {
		t.Fatalf("a valid archive gets warnings from %v", warns)
	}
	check := func(sev severity, breaks map[string]func(a *pluginArchive)) {
		for analyzer, breakIt := range breaks {
			a := good
			a.files = maps.Clone(good.files)
			breakIt(&a)
			if got := analyzersOf(a, sev); !slices.Contains(got, analyzer) {
				t.Errorf("breaking %s: %ss from %v, want %s among them", analyzer, sev, got, analyzer)
			}
		}
	}
	replace := func(a *pluginArchive, name, old, new string) {
		a.files[name] = archiveFile{data: bytes.Replace(a.files[name].data, []byte(old), []byte(new), 1)}
	}
	check(sevWarning, map[string]func(a *pluginArchive){
		"license":     func(a *pluginArchive) { replace(a, "LICENSE", "January 2004", "January 2004\nCopyright {yyyy}") },
		"screenshots": func(a *pluginArchive) { replace(a, "plugin.json", `{"name":"s","path":"img/s.png"}`, "") },
	})
	check(sevError, map[string]func(a *pluginArchive){
		"archivename":       func(a *pluginArchive) { a.name = "plugin.zip" },
		"binarypermissions": func(a *pluginArchive) { a.files["gpx_x_linux_amd64"] = archiveFile{mode: 0o644, data: self} },
		"backendbinary":     func(a *pluginArchive) { delete(a.files, "gpx_x_linux_amd64") },
		"jssourcemap":       func(a *pluginArchive) { delete(a.files, "module.js.map") },
		"legacyplatform": func(a *pluginArchive) {
			a.files["module.js"] = archiveFile{data: []byte("class X extends PanelCtrl {}")}
		},
		"metadatapaths": func(a *pluginArchive) { delete(a.files, "img/s.png") },
		"screenshots":   func(a *pluginArchive) { a.files["img/s.png"] = archiveFile{data: []byte("not an image")} },
		"unsafesvg": func(a *pluginArchive) {
			a.files["img/logo.svg"] = archiveFile{data: []byte(`<svg onload="alert(1)"/>`)}
		},
		"htmlreadme":   func(a *pluginArchive) { a.files["README.md"] = archiveFile{data: []byte("<b>bold</b>")} },
		"backenddebug": func(a *pluginArchive) { a.files["standalone.txt"] = archiveFile{data: []byte("1")} },
		"license":      func(a *pluginArchive) { delete(a.files, "LICENSE") },
		"version":      func(a *pluginArchive) { replace(a, "plugin.json", `"1.0.0"`, `"%VERSION%"`) },
	})
}
