package harness

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// transcript collects everything the plugin tells users: frames, errors, notices, health
// messages and resource bodies, to be searched for secrets with the plugin's log.
type transcript struct {
	t *testing.T
	b strings.Builder
}

func (tr *transcript) add(v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.b.Write(raw)
	tr.b.WriteByte('\n')
}

// query records the answers to queries, errors spelled out (they marshal as {}).
func (tr *transcript) query(p *Plugin, ctx context.Context, ds DataSource, queries ...Query) *backend.QueryDataResponse {
	rsp, err := p.QueryData(ctx, ds, queries...)
	if err != nil {
		tr.t.Fatal(err)
	}
	for refID, r := range rsp.Responses {
		tr.add(r)
		if r.Error != nil {
			tr.b.WriteString(refID + ": " + r.Error.Error() + "\n")
		}
	}
	return rsp
}

func (tr *transcript) health(p *Plugin, ctx context.Context, ds DataSource) *backend.CheckHealthResult {
	health, err := p.CheckHealth(ctx, ds)
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.add(health)
	return health
}

func (tr *transcript) resource(p *Plugin, ctx context.Context, ds DataSource, method, path string, body []byte) *backend.CallResourceResponse {
	res, err := p.CallResource(ctx, ds, method, path, body)
	if err != nil {
		tr.t.Fatal(err)
	}
	tr.b.Write(res.Body)
	tr.b.WriteByte('\n')
	return res
}

// mustNotHold fails for every secret found in the transcript or the logs, and reports how
// much was searched.
func (tr *transcript) mustNotHold(logs string, secrets []string) {
	everything := tr.b.String() + logs
	hits := 0
	for _, secret := range secrets {
		if i := strings.Index(everything, secret); i >= 0 {
			hits++
			tr.t.Errorf("found a secret (%.12s…) in the captured output: …%s…", secret, everything[max(0, i-80):min(len(everything), i+20)])
		}
	}
	tr.t.Logf("searched %d bytes of frames, errors, notices, health messages, resource bodies and logs for %d secrets: %d found", len(everything), len(secrets), hits)
}
