package query

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/vpsfleet/netcupscp/pkg/answer/answertest"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/simulator"
)

func TestGuestAgentGolden(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := GuestAgent(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeGuestAgent}))
	answertest.CheckGolden(t, "guestAgent", rsp)
}

func TestGuestAgentSaysWhenThereIsNone(t *testing.T) {
	client, _ := newTestClient(t, simulator.Options{Servers: 5, Seed: 1})
	rsp := GuestAgent(ctx, client, newRequest(models.Query{QueryType: models.QueryTypeGuestAgent}))
	if rsp.Error != nil {
		t.Fatal(rsp.Error)
	}
	frame := rsp.Frames[0]
	servers, keys, values := columnValues(t, frame, "serverId"), columnValues(t, frame, "key"), columnValues(t, frame, "value")
	rows := map[string]int{}
	without := map[string]bool{}
	for i, id := range servers {
		rows[id]++
		if keys[i] == "guestAgentAvailable" && values[i] == "false" {
			without[id] = true
		}
	}
	if len(rows) != 5 || len(without) == 0 || len(without) == 5 {
		t.Fatalf("servers %v, without agent %v: want all 5, some with and some without", rows, without)
	}
	for id := range without {
		if rows[id] != 1 {
			t.Errorf("server %s has no agent but %d rows", id, rows[id])
		}
	}
}

func TestFlattenJoinsNestedKeys(t *testing.T) {
	var decoded map[string]any
	if err := json.Unmarshal([]byte(`{"os":{"id":"debian","version-id":"13"},"fs":[{"total":274877906944},{"used":0.5}],"empty":[],"none":null,"ok":true,"tz":{}}`), &decoded); err != nil {
		t.Fatal(err)
	}
	var got []string
	flatten("", decoded, func(k, v string) { got = append(got, k+"="+v) })
	want := []string{"empty=[]", "fs.0.total=274877906944", "fs.1.used=0.5", "none=null", "ok=true", "os.id=debian", "os.version-id=13", "tz={}"}
	if !slices.Equal(got, want) {
		t.Errorf("flatten = %q\nwant      %q", got, want)
	}
}
