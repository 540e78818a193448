package query

import (
	"context"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// kibibyte converts exportedSizeInKiB to bytes.
const kibibyte = 1 << 10

type snapshotRow struct {
	Target
	snapshot api.SnapshotMinimal
}

// Snapshots answers `snapshots`: one table of every selected server's snapshots, or with a
// field one number per server (see snapshotAgeInventory). SCP answers 503 for servers whose
// node is in maintenance; those are named in a notice, the rest shown.
func Snapshots(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	if req.Query.Field == "" {
		return snapshotInventory.run(ctx, client, req)
	}
	return snapshotAgeInventory(req.Now).run(ctx, client, req)
}

var snapshotInventory = inventory[snapshotRow]{
	queryType: models.QueryTypeSnapshots,
	fields: append(serverColumns(func(r snapshotRow) Target { return r.Target }),
		answer.Column("name", "", func(r snapshotRow) string { return api.Value(r.snapshot.Name) }),
		answer.Column("uuid", "", func(r snapshotRow) string { return api.Value(r.snapshot.Uuid) }),
		answer.Column("description", "", func(r snapshotRow) *string { return r.snapshot.Description }),
		answer.Column("disks", "", func(r snapshotRow) string { return strings.Join(api.Value(r.snapshot.Disks), ", ") }),
		answer.Column("creationTime", "", func(r snapshotRow) *time.Time { return r.snapshot.CreationTime }),
		answer.Column("state", "", func(r snapshotRow) *string { return optText(r.snapshot.State) }),
		answer.Column("online", "", func(r snapshotRow) *bool { return r.snapshot.Online }),
		answer.Column("exported", "", func(r snapshotRow) *bool { return r.snapshot.Exported }),
		answer.Column("exportedSizeBytes", "bytes", func(r snapshotRow) *int64 { return exportedBytes(r.snapshot.ExportedSizeInKiB) }),
	),
	read: readSnapshots,
}

func readSnapshots(ctx context.Context, client *scp.Client, t Target, _ string) ([]snapshotRow, error) {
	snapshots, err := client.Snapshots(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	rows := make([]snapshotRow, len(snapshots))
	for i, s := range snapshots {
		rows[i] = snapshotRow{Target: t, snapshot: s}
	}
	return rows, nil
}

// snapshotAge is one server's snapshots summed up: how many SCP lists, and the newest.
type snapshotAge struct {
	Target
	count  int64
	newest *time.Time
}

// snapshotAgeInventory answers "which server has no snapshot newer than 7 days" as numbers
// an alert rule can use. The age is null for a server without snapshots: there is no age to
// tell, and a rule decides what "none" means (the provisioned one counts it as too old).
func snapshotAgeInventory(now time.Time) inventory[snapshotAge] {
	return inventory[snapshotAge]{
		queryType: models.QueryTypeSnapshots,
		fields: []answer.Field[snapshotAge]{
			answer.CountField("snapshotCount", "", func(r snapshotAge) *int64 { return &r.count }),
			secondsField("newestSnapshotAgeSeconds", func(r snapshotAge) *time.Duration { return ageAt(r.newest, now) }),
		},
		labels: func(r snapshotAge) data.Labels { return r.Labels() },
		read:   readSnapshotAge,
	}
}

func readSnapshotAge(ctx context.Context, client *scp.Client, t Target, _ string) ([]snapshotAge, error) {
	snapshots, err := client.Snapshots(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	row := snapshotAge{Target: t, count: int64(len(snapshots))}
	for _, s := range snapshots {
		if s.CreationTime != nil && (row.newest == nil || s.CreationTime.After(*row.newest)) {
			row.newest = s.CreationTime
		}
	}
	return []snapshotAge{row}, nil
}

func ageAt(t *time.Time, now time.Time) *time.Duration {
	if t == nil {
		return nil
	}
	age := now.Sub(*t)
	return &age
}

func exportedBytes(kib *int64) *int64 {
	if kib == nil {
		return nil
	}
	v := *kib * kibibyte
	return &v
}
