package harness

import (
	"fmt"
	"slices"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"gopkg.in/yaml.v3"
)

const (
	alertRulesPath  = "provisioning/alerting/netcup-scp.yaml"
	datasourcesPath = "provisioning/datasources/datasources.yml"
	// exprUID is the data source uid of Grafana's server-side expressions.
	exprUID = "__expr__"
)

// alertFile is the part of Grafana's alert-rule provisioning format the checks read.
type alertFile struct {
	APIVersion int `yaml:"apiVersion"`
	Groups     []struct {
		Name     string      `yaml:"name"`
		Folder   string      `yaml:"folder"`
		Interval string      `yaml:"interval"`
		Rules    []alertRule `yaml:"rules"`
	} `yaml:"groups"`
}

type alertRule struct {
	UID         string            `yaml:"uid"`
	Title       string            `yaml:"title"`
	Condition   string            `yaml:"condition"`
	Data        []alertQuery      `yaml:"data"`
	For         string            `yaml:"for"`
	Labels      map[string]string `yaml:"labels"`
	Annotations map[string]string `yaml:"annotations"`
}

type alertQuery struct {
	RefID             string `yaml:"refId"`
	DatasourceUID     string `yaml:"datasourceUid"`
	RelativeTimeRange struct {
		From int64 `yaml:"from"`
		To   int64 `yaml:"to"`
	} `yaml:"relativeTimeRange"`
	Model map[string]any `yaml:"model"`
}

func loadAlertRules(t *testing.T) []alertRule {
	t.Helper()
	var f alertFile
	if err := yaml.Unmarshal(readRepoFile(t, alertRulesPath), &f); err != nil {
		t.Fatalf("%s: %v", alertRulesPath, err)
	}
	if f.APIVersion != 1 || len(f.Groups) == 0 {
		t.Fatalf("%s: want apiVersion 1 and a group, got %d and %d groups", alertRulesPath, f.APIVersion, len(f.Groups))
	}
	var rules []alertRule
	for _, g := range f.Groups {
		if g.Name == "" || g.Folder == "" || g.Interval == "" {
			t.Errorf("group %q needs a name, folder and interval", g.Name)
		}
		rules = append(rules, g.Rules...)
	}
	return rules
}

// provisionedDataSourceUIDs are the uids datasources.yml gives this plugin's data sources.
func provisionedDataSourceUIDs(t *testing.T) []string {
	t.Helper()
	var f struct {
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, datasourcesPath), &f); err != nil {
		t.Fatalf("%s: %v", datasourcesPath, err)
	}
	var uids []string
	for _, ds := range f.Datasources {
		if ds.Type == PluginID {
			uids = append(uids, ds.UID)
		}
	}
	return uids
}

// structureProblems checks a rule the way Grafana's provisioning would reject it: one query
// of this plugin's provisioned data source, expressions that refer to earlier refIds, and a
// condition that is one of them.
func structureProblems(r alertRule, dataSources []string) []string {
	var problems []string
	if r.UID == "" || r.Title == "" || r.For == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
		problems = append(problems, "needs uid, title, for, a severity label and a summary annotation")
	}
	var refs []string
	queries := 0
	for _, q := range r.Data {
		if q.RefID == "" || q.Model["refId"] != q.RefID {
			problems = append(problems, fmt.Sprintf("query %q: model.refId must equal refId", q.RefID))
		}
		switch q.DatasourceUID {
		case exprUID:
			kind := str(q.Model["type"])
			if !slices.Contains([]string{"reduce", "threshold", "math"}, kind) {
				problems = append(problems, fmt.Sprintf("expression %s: unknown type %q", q.RefID, kind))
			}
			if input := str(q.Model["expression"]); kind != "math" && !slices.Contains(refs, input) {
				problems = append(problems, fmt.Sprintf("expression %s reads %q, which is not an earlier refId", q.RefID, input))
			}
		default:
			queries++
			if !slices.Contains(dataSources, q.DatasourceUID) {
				problems = append(problems, fmt.Sprintf("query %s uses data source %q; %s provisions %v", q.RefID, q.DatasourceUID, datasourcesPath, dataSources))
			}
			if q.RelativeTimeRange.From <= q.RelativeTimeRange.To {
				problems = append(problems, fmt.Sprintf("query %s needs a relative time range", q.RefID))
			}
		}
		refs = append(refs, q.RefID)
	}
	if queries != 1 {
		problems = append(problems, fmt.Sprintf("want one data source query, got %d", queries))
	}
	if !slices.Contains(refs, r.Condition) {
		problems = append(problems, fmt.Sprintf("condition %q is no refId", r.Condition))
	}
	return problems
}

// dataQuery is the rule's one query of this plugin.
func (r alertRule) dataQuery() alertQuery {
	for _, q := range r.Data {
		if q.DatasourceUID != exprUID {
			return q
		}
	}
	return alertQuery{}
}

// instance is one alert instance: its labels and whether the condition holds.
type instance struct {
	labels data.Labels
	firing bool
}

// evaluate runs the rule's expressions over the query's frames as Grafana's server-side
// expressions do for the shapes used here: numbers (numeric-multi) or series reduced to their
// last value, null values dropped (reduce mode dropNN), then the threshold. It fails as Grafana
// does when two instances share a label set.
func (r alertRule) evaluate(frames data.Frames) ([]instance, error) {
	var values []instance
	seen := map[string]bool{}
	threshold, err := r.threshold()
	if err != nil {
		return nil, err
	}
	for _, f := range frames {
		switch frameType(f) {
		case data.FrameTypeNumericMulti, data.FrameTypeTimeSeriesMulti:
		default:
			return nil, fmt.Errorf("frame %q is %q: alert rules need numeric-multi or timeseries-multi frames", f.Name, frameType(f))
		}
		for _, v := range valueFields(f) {
			key := v.Labels.String()
			if seen[key] {
				return nil, fmt.Errorf("duplicate results with labels {%s}: Grafana cannot tell the instances apart", key)
			}
			seen[key] = true
			last, ok := lastValue(v)
			if !ok {
				continue
			}
			values = append(values, instance{labels: v.Labels, firing: threshold(last)})
		}
	}
	return values, nil
}

func lastValue(f *data.Field) (float64, bool) {
	for i := f.Len() - 1; i >= 0; i-- {
		if v, err := f.NullableFloatAt(i); err == nil && v != nil {
			return *v, true
		}
	}
	return 0, false
}

// threshold is the rule's condition as a function of the reduced value.
func (r alertRule) threshold() (func(float64) bool, error) {
	for _, q := range r.Data {
		if q.RefID != r.Condition || q.Model["type"] != "threshold" {
			continue
		}
		conditions := objects(q.Model["conditions"])
		if len(conditions) != 1 {
			break
		}
		evaluator := object(conditions[0]["evaluator"])
		params, _ := evaluator["params"].([]any)
		if len(params) != 1 {
			break
		}
		limit, _ := params[0].(float64)
		if i, ok := params[0].(int); ok {
			limit = float64(i)
		}
		switch evaluator["type"] {
		case "gt":
			return func(v float64) bool { return v > limit }, nil
		case "lt":
			return func(v float64) bool { return v < limit }, nil
		}
	}
	return nil, fmt.Errorf("the condition %s is no threshold with one gt or lt evaluator", r.Condition)
}
