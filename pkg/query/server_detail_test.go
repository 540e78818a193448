package query

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

// newBrokenServerClient is newTestClient with every API path of server id answering 404,
// as SCP does for a server cancelled between the list and the read.
func newBrokenServerClient(t *testing.T, id int32) (*scp.Client, *simulator.Simulator) {
	t.Helper()
	sim := simulator.New(simulator.Options{Servers: 5, Seed: 1, Now: func() time.Time { return testNow }})
	broken := fmt.Sprintf("%s/api/v1/servers/%d", simulator.APIPrefix, id)
	handler := sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == broken || strings.HasPrefix(r.URL.Path, broken+"/") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"code":"error.notfound","message":"Resource not found"}`))
			return
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	client, err := scp.NewClient(models.Settings{
		APIURL:         srv.URL + simulator.APIPrefix,
		AuthURL:        srv.URL + simulator.AuthPrefix,
		RefreshToken:   sim.RefreshToken(),
		MaxConcurrency: 8,
		TimeoutSeconds: 10,
	}, httpclient.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return client, sim
}

// inventoryHandlers are the query types this file's tests cover, with the modes they have.
var inventoryQueries = map[string]struct {
	handler Handler
	fields  []string // "" is table mode
}{
	models.QueryTypeServerStatus: {ServerStatus, []string{"", "running", "guestAgentAvailable", "rescueActive"}},
	models.QueryTypeDisks:        {Disks, []string{"", "usedPercent"}},
	models.QueryTypeInterfaces:   {Interfaces, []string{"", "throttled"}},
	models.QueryTypeTraffic:      {Traffic, []string{"", "total"}},
	models.QueryTypeSnapshots:    {Snapshots, []string{""}},
	models.QueryTypeIPs:          {IPs, []string{""}},
	models.QueryTypeGuestAgent:   {GuestAgent, []string{""}},
}

func responseJSON(t *testing.T, rsp backend.DataResponse) string {
	t.Helper()
	raw, err := json.Marshal(rsp)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// warnings collects the notices of all frames.
func warnings(rsp backend.DataResponse) []string {
	var out []string
	for _, f := range rsp.Frames {
		if f.Meta == nil {
			continue
		}
		for _, n := range f.Meta.Notices {
			if n.Severity == data.NoticeSeverityWarning {
				out = append(out, n.Text)
			}
		}
	}
	return out
}

// columnValues reads a table column by name as strings, for assertions on rows.
func columnValues(t *testing.T, frame *data.Frame, name string) []string {
	t.Helper()
	field, i := frame.FieldByName(name)
	if i < 0 {
		t.Fatalf("frame %s has no column %q", frame.Name, name)
	}
	out := make([]string, field.Len())
	for j := range out {
		v, ok := field.ConcreteAt(j)
		if !ok {
			out[j] = "null"
			continue
		}
		out[j] = fmt.Sprint(v)
	}
	return out
}

func TestInventoryQueriesSkipABrokenServer(t *testing.T) {
	probe, sim := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	_ = probe
	broken := sim.ServerIDs()[2]
	for queryType, q := range inventoryQueries {
		for _, field := range q.fields {
			t.Run(queryType+"/"+field, func(t *testing.T) {
				client, _ := newBrokenServerClient(t, broken)
				rsp := q.handler(ctx, client, newRequest(models.Query{QueryType: queryType, Field: field}))
				if rsp.Error != nil {
					t.Fatalf("one broken server sank the query: %v", rsp.Error)
				}
				notices := warnings(rsp)
				if len(notices) != 1 || !strings.Contains(notices[0], fmt.Sprintf("(id %d)", broken)) || !strings.Contains(notices[0], "not found") {
					t.Fatalf("notices = %q, want one naming server %d as not found", notices, broken)
				}
				body := responseJSON(t, rsp)
				if strings.Contains(body, fmt.Sprintf(`"server_id":"%d"`, broken)) || strings.Contains(body, fmt.Sprintf(`%d,`, broken)) && queryType == models.QueryTypeServerStatus {
					t.Errorf("the broken server %d still has data", broken)
				}
				for _, id := range []int32{sim.ServerIDs()[0], sim.ServerIDs()[4]} {
					if !strings.Contains(body, fmt.Sprint(id)) && queryType != models.QueryTypeSnapshots {
						t.Errorf("server %d is missing", id)
					}
				}
			})
		}
	}
}
