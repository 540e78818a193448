package query

import (
	"context"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
	"github.com/vpsfleet/netcupscp/pkg/models"
	"github.com/vpsfleet/netcupscp/pkg/scp"
	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// diskRow is one disk of one server.
type diskRow struct {
	Target
	disk api.ServerDisk
	// optimization is the server's requiredStorageOptimization; it applies to all its disks.
	optimization *api.StorageOptimization
}

// Disks answers `disks`: capacity, use and storage-optimisation need per server and disk,
// as a table or as one numeric-multi frame per disk for a picked field.
func Disks(ctx context.Context, client *scp.Client, req answer.Request) backend.DataResponse {
	return diskInventory.run(ctx, client, req)
}

var diskInventory = inventory[diskRow]{
	queryType: models.QueryTypeDisks,
	fields: append(serverColumns(func(r diskRow) Target { return r.Target }),
		answer.Column("device", "", func(r diskRow) string { return api.Value(r.disk.Dev) }),
		answer.Column("driver", "", func(r diskRow) string { return api.Value(r.disk.Driver) }),
		answer.CountField("capacityBytes", "bytes", func(r diskRow) *int64 { return bytesFromMiB(r.disk.CapacityInMiB) }),
		answer.CountField("usedBytes", "bytes", func(r diskRow) *int64 { return bytesFromMiB(r.disk.AllocationInMiB) }),
		answer.RatioField("usedPercent", "percent", func(r diskRow) *float64 { return usedPercent(r.disk) }),
		answer.FlagField("optimizationRequired", func(r diskRow) *bool { return optimizationRequired(r.optimization) }),
		answer.Column("storageOptimization", "", func(r diskRow) *string { return optText(r.optimization) }),
	),
	labels: func(r diskRow) data.Labels { return r.Labels("device", api.Value(r.disk.Dev)) },
	read:   readDisks,
}

// readDisks takes the disks from the live info the detail call already carries, and only
// asks /disks when SCP sent no live info.
func readDisks(ctx context.Context, client *scp.Client, t Target, _ string) ([]diskRow, error) {
	d, err := readDetail(ctx, client, t)
	if err != nil {
		return nil, err
	}
	disks := api.Value(d.live.Disks)
	if d.live.Disks == nil {
		listed, err := client.Disks(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		disks = make([]api.ServerDisk, len(listed))
		for i, l := range listed {
			disks[i] = api.ServerDisk{Dev: l.Name, Driver: lowerText(l.StorageDriver), CapacityInMiB: l.CapacityInMiB, AllocationInMiB: l.AllocationInMiB}
		}
	}
	rows := make([]diskRow, len(disks))
	for i, disk := range disks {
		rows[i] = diskRow{Target: t, disk: disk, optimization: d.live.RequiredStorageOptimization}
	}
	return rows, nil
}

func usedPercent(d api.ServerDisk) *float64 {
	capacity := api.Value(d.CapacityInMiB)
	if capacity <= 0 || d.AllocationInMiB == nil {
		return nil
	}
	v := float64(*d.AllocationInMiB) / float64(capacity) * 100
	return &v
}

// optimizationRequired is true unless SCP says NO, as the exporter's scp_disk_optimization.
func optimizationRequired(o *api.StorageOptimization) *bool {
	if o == nil {
		return nil
	}
	v := *o != api.NO
	return &v
}

// lowerText writes /disks' storage driver (VIRTIO) as live info does (virtio).
func lowerText(d *api.StorageDriver) *string {
	if d == nil {
		return nil
	}
	v := strings.ToLower(string(*d))
	return &v
}
