package simulator

import (
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/vpsfleet/netcupscp/pkg/scp/api"
)

// Per-server endpoints beyond the server itself: snapshots, rescue system,
// guest agent, GPU driver, ISO and images.

func (sn snapshot) minimal() api.SnapshotMinimal {
	m := api.SnapshotMinimal{
		Uuid: ptr(sn.uuid), Name: ptr(sn.name), Description: optStr(sn.desc), Disks: ptr(sn.disks),
		CreationTime: ptr(sn.created), State: ptr(sn.state), Online: ptr(sn.state == api.ServerStateRUNNING),
		Exported: ptr(sn.exported),
	}
	if sn.exported {
		m.ExportedSizeInKiB = ptr(sn.sizeKiB)
	}
	return m
}

func (s *Simulator) getSnapshots(w http.ResponseWriter, _ *http.Request, sv *server) {
	out := make([]api.SnapshotMinimal, 0, len(sv.snapshots))
	for _, sn := range sv.snapshots {
		out = append(out, sn.minimal())
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getSnapshot(w http.ResponseWriter, r *http.Request, sv *server) {
	for _, sn := range sv.snapshots {
		if sn.name != r.PathValue("name") {
			continue
		}
		m := sn.minimal()
		out := api.Snapshot{
			Uuid: m.Uuid, Name: m.Name, Description: m.Description, Disks: m.Disks, CreationTime: m.CreationTime,
			State: m.State, Online: m.Online, Exported: m.Exported, ExportedSizeInKiB: m.ExportedSizeInKiB,
		}
		if sn.exported {
			out.DownloadInfos = downloadInfo(r, "snapshots/"+sn.uuid+".qcow2", sn.name+".qcow2")
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	notFound(w)
}

// downloadInfo invents a presigned URL on this simulator; nothing serves it.
func downloadInfo(r *http.Request, object, filename string) *api.S3DownloadInfos {
	return &api.S3DownloadInfos{
		Filename:                            ptr(filename),
		PresignedUrl:                        ptr(baseURL(r) + "/s3/" + object + "?X-Amz-Signature=simulated"),
		PresignedUrlValidityDurationInHours: ptr(int32(24)),
		Headers:                             &map[string][]string{},
	}
}

// rescuePassword is stable per server so tests can look for leaks.
func rescuePassword(sv *server) string {
	b := make([]byte, 12)
	h := hashOf(sv.h, 0x7e5c)
	for i := range b {
		if i%8 == 0 {
			h = mix64(h)
		}
		b[i] = byte(h >> (8 * (i % 8)))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Simulator) getRescue(w http.ResponseWriter, _ *http.Request, sv *server) {
	out := api.RescueSystemStatus{Active: ptr(sv.rescue)}
	if sv.rescue {
		out.Password = ptr(rescuePassword(sv))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getGuestAgentStatus(w http.ResponseWriter, _ *http.Request, sv *server) {
	writeJSON(w, http.StatusOK, api.GuestAgentStatus{Available: ptr(sv.guestAgent)})
}

func (s *Simulator) getGuestAgent(w http.ResponseWriter, _ *http.Request, sv *server) {
	out := api.GuestAgentData{GuestAgentAvailable: ptr(sv.guestAgent)}
	if sv.guestAgent {
		var fs []map[string]any
		for _, d := range sv.disks {
			fs = append(fs, map[string]any{
				"name": d.name + "1", "mountpoint": "/" + d.name, "type": "ext4",
				"total-bytes": d.capMiB << 20, "used-bytes": d.allocMiB << 20,
			})
		}
		fs[0]["mountpoint"] = "/"
		out.GuestAgentData = &map[string]any{
			"os":          map[string]any{"id": "debian", "name": "Debian GNU/Linux", "version-id": "13", "kernel-release": "6.12.38+deb13-amd64"},
			"hostname":    sv.hostname,
			"fsinfo":      fs,
			"time-zone":   "UTC",
			"qga-version": "9.2.0",
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getGPUDriver(w http.ResponseWriter, r *http.Request, sv *server) {
	if !sv.gpu {
		respErr(w, http.StatusBadRequest, "error.gpu.driver.not.available", "GPU driver or vGPU not available")
		return
	}
	writeJSON(w, http.StatusOK, downloadInfo(r, "gpu/nvidia-grid.run", "NVIDIA-Linux-x86_64-grid.run"))
}

func (s *Simulator) getISO(w http.ResponseWriter, _ *http.Request, sv *server) {
	writeJSON(w, http.StatusOK, api.Iso{IsoAttached: ptr(sv.isoName != ""), Iso: optStr(sv.isoName)})
}

// isoImageJSON adds "filename": the spec requires it on IsoImage but never
// defines it, so the generated api.IsoImage lacks the field.
type isoImageJSON struct {
	api.IsoImage
	Filename string `json:"filename"`
}

func (s *Simulator) getISOImages(w http.ResponseWriter, _ *http.Request, sv *server) {
	var out []isoImageJSON
	for i, n := range []struct{ name, file string }{
		{"Debian 13", "debian-13.0.0-%s-netinst.iso"}, {"Ubuntu 24.04 LTS", "ubuntu-24.04.3-live-server-%s.iso"},
		{"Rocky Linux 9", "Rocky-9.6-%s-minimal.iso"}, {"Alpine 3.22", "alpine-virt-3.22.1-%s.iso"},
	} {
		arch := map[api.Architecture]string{api.AMD64: "amd64", api.ARM64: "arm64"}[sv.plan.arch]
		out = append(out, isoImageJSON{api.IsoImage{
			Id: ptr(int32(500 + i)), Name: n.name, Architecture: sv.plan.arch,
			Description: ptr(n.name + " installation image (" + string(sv.plan.arch) + ")"),
		}, fmt.Sprintf(n.file, arch)})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Simulator) getImageFlavours(w http.ResponseWriter, _ *http.Request, sv *server) {
	var out []api.ImageFlavour
	for i, n := range []struct{ name, alias string }{
		{"Debian 13 (Trixie)", "debian-13"}, {"Ubuntu 24.04 LTS", "ubuntu-24.04"}, {"Rocky Linux 9", "rocky-9"},
	} {
		out = append(out, api.ImageFlavour{
			Id: ptr(int32(700 + i)), Name: n.name, Alias: n.alias + "-minimal",
			Text:  "Minimal installation of " + n.name + " for " + string(sv.plan.arch),
			Image: &api.ImageMinimal{Id: ptr(int32(600 + i)), Name: n.name},
		})
	}
	writeJSON(w, http.StatusOK, out)
}
