package query

import "testing"

func TestLegendName(t *testing.T) {
	web := Target{ID: 42, Name: "v2202501", Nickname: "web1"}
	bare := Target{ID: 7, Name: "v2202502"}
	disk := web.Labels("device", "vda", "direction", "Write")
	cpu := bare.Labels("device", "CPU0")
	for _, c := range []struct {
		format string
		target Target
		labels map[string]string
		want   string
	}{
		{"", web, disk, "web1 vda Write"},
		{"", bare, cpu, "v2202502 CPU0"},
		{"{{server}} {{device}}", web, disk, "v2202501 vda"},
		{"{{nickname}}/{{server_id}}: {{ direction }}", web, disk, "web1/42: Write"},
		{"{{device}} {{direction}}", bare, cpu, "CPU0"},
		{"{{unknown}}x{{device}}", web, disk, "xvda"},
		{"static", web, disk, "static"},
		{"{{device", web, disk, "{{device"},
	} {
		if got := legendName(c.format, c.target, c.labels); got != c.want {
			t.Errorf("legendName(%q) = %q, want %q", c.format, got, c.want)
		}
	}
}
