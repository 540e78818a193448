package harness

// The requests Grafana's alerting sends for provisioned alert rules, read from their
// file-provisioning YAML, so that the benchmark can evaluate them as the scheduler does.

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"
)

const (
	// exprDataSourceUID marks a rule's server-side expressions, which never reach the plugin.
	exprDataSourceUID = "__expr__"
	// Alerting's defaults for queries that set neither (ngalert models.AlertQuery).
	alertMaxDataPoints = 43200
	alertInterval      = time.Second
)

// AlertRule is one provisioned rule as the scheduler evaluates it: every Interval, at the
// multiples of Interval since the epoch (Grafana's ticks without jitter).
type AlertRule struct {
	UID, Title, Group string
	Interval          time.Duration
	// Queries are the rule's data-source queries; its expressions are left out.
	Queries []AlertQuery
}

// AlertQuery is one data-source query of a rule, over [now-From, now-To].
type AlertQuery struct {
	RefID, DataSourceUID string
	From, To             time.Duration
	Model                map[string]any
}

// provisionedFile is the part of Grafana's alert-rule provisioning format the harness reads:
// the loader here, and the artefact checks of the rules.
type provisionedFile struct {
	APIVersion int                `yaml:"apiVersion"`
	Groups     []provisionedGroup `yaml:"groups"`
}

type provisionedGroup struct {
	Name     string            `yaml:"name"`
	Folder   string            `yaml:"folder"`
	Interval string            `yaml:"interval"`
	Rules    []provisionedRule `yaml:"rules"`
}

type provisionedRule struct {
	UID         string             `yaml:"uid"`
	Title       string             `yaml:"title"`
	Condition   string             `yaml:"condition"`
	Data        []provisionedQuery `yaml:"data"`
	For         string             `yaml:"for"`
	Labels      map[string]string  `yaml:"labels"`
	Annotations map[string]string  `yaml:"annotations"`
}

type provisionedQuery struct {
	RefID             string `yaml:"refId"`
	DatasourceUID     string `yaml:"datasourceUid"`
	RelativeTimeRange struct {
		From int64 `yaml:"from"`
		To   int64 `yaml:"to"`
	} `yaml:"relativeTimeRange"`
	Model map[string]any `yaml:"model"`
}

// ReadAlertRules reads the rules of every group in dir's *.yaml and *.yml files.
func ReadAlertRules(dir string) ([]AlertRule, error) {
	var files []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return nil, err
		}
		files = append(files, matches...)
	}
	var out []AlertRule
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var f provisionedFile
		if err := yaml.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, g := range f.Groups {
			interval, err := time.ParseDuration(g.Interval)
			if err != nil || interval <= 0 {
				return nil, fmt.Errorf("%s: group %q has interval %q: %v", file, g.Name, g.Interval, err)
			}
			for _, r := range g.Rules {
				rule := AlertRule{UID: r.UID, Title: r.Title, Group: g.Name, Interval: interval}
				for _, q := range r.Data {
					if q.DatasourceUID != exprDataSourceUID {
						rule.Queries = append(rule.Queries, AlertQuery{RefID: q.RefID, DataSourceUID: q.DatasourceUID,
							From: time.Duration(q.RelativeTimeRange.From) * time.Second,
							To:   time.Duration(q.RelativeTimeRange.To) * time.Second, Model: q.Model})
					}
				}
				out = append(out, rule)
			}
		}
	}
	return out, nil
}

// Requests are what one evaluation at now sends the plugin: one request per query (alerting
// runs each data-source query of a rule as its own request), over the query's relative range,
// with the model's maxDataPoints and intervalMs or alerting's defaults.
func (r AlertRule) Requests(now time.Time) []Panel {
	out := make([]Panel, len(r.Queries))
	for i, q := range r.Queries {
		interval := alertInterval
		if ms := num(q.Model["intervalMs"]); ms > 0 {
			interval = time.Duration(ms) * time.Millisecond
		}
		out[i] = Panel{Title: fmt.Sprintf("rule %q %s", r.UID, q.RefID), Queries: []Query{{
			RefID: q.RefID, JSON: q.Model, From: now.Add(-q.From), To: now.Add(-q.To),
			MaxDataPoints: int64(cmp.Or(num(q.Model["maxDataPoints"]), alertMaxDataPoints)), Interval: interval,
		}}}
	}
	return out
}
