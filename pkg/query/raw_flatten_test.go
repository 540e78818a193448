package query

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

func flattenString(t *testing.T, body string) *data.Frame {
	t.Helper()
	v, err := decodeJSON([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return flattenJSON("test", v)
}

func TestFlattenRedactsPasswordsAtAnyDepthAndCase(t *testing.T) {
	body := `[{"name":"a","PASSWORD":"s1","nested":{"deeper":{"rootPassword":"s2"}},
		"list":[{"password":"s3"}]},{"name":"b","password":{"value":"s4"},"presignedUrl":"s5","refresh_token":"s6"}]`
	frame := flattenString(t, body)
	out, err := json.Marshal(frame)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"s1", "s2", "s3", "s4", "s5", "s6"} {
		if strings.Contains(string(out), `"`+secret+`"`) {
			t.Errorf("secret %s leaked: %s", secret, out)
		}
	}
	if !strings.Contains(string(out), upstream.Redacted) {
		t.Errorf("no %s marker in %s", upstream.Redacted, out)
	}
}

func TestFlattenShapes(t *testing.T) {
	cases := []struct {
		name, body string
		frameType  data.FrameType
		fields     []string
		types      []data.FieldType
		rows       int
	}{
		{
			name: "array of objects", body: `[{"id":1,"t":{"id":2,"name":"x"},"ips":["a","b"]},{"id":3,"extra":true}]`,
			frameType: data.FrameTypeTable,
			fields:    []string{"id", "t.id", "t.name", "ips", "extra"},
			types:     []data.FieldType{data.FieldTypeNullableInt64, data.FieldTypeNullableInt64, data.FieldTypeNullableString, data.FieldTypeNullableString, data.FieldTypeNullableBool},
			rows:      2,
		},
		{
			name: "mixed numbers and mixed types", body: `[{"n":1,"m":"x"},{"n":1.5,"m":2}]`,
			frameType: data.FrameTypeTable,
			fields:    []string{"n", "m"},
			types:     []data.FieldType{data.FieldTypeNullableFloat64, data.FieldTypeNullableString},
			rows:      2,
		},
		{
			name: "object", body: `{"active":true,"site":{"city":"Nuremberg"},"empty":null}`,
			frameType: data.FrameTypeTable,
			fields:    []string{"key", "value"},
			types:     []data.FieldType{data.FieldTypeString, data.FieldTypeNullableString},
			rows:      3,
		},
		{
			name: "metric map", body: `{"2026-01-01T00:10:00Z":{"CPU0":2},"2026-01-01T00:00:00Z":{"CPU0":1.5,"CPU1":3}}`,
			frameType: data.FrameTypeTimeSeriesWide,
			fields:    []string{"time", "CPU0", "CPU1"},
			types:     []data.FieldType{data.FieldTypeTime, data.FieldTypeNullableFloat64, data.FieldTypeNullableInt64},
			rows:      2,
		},
		{
			name: "array of scalars", body: `["vda","vdb"]`,
			frameType: data.FrameTypeTable,
			fields:    []string{"value"},
			types:     []data.FieldType{data.FieldTypeNullableString},
			rows:      2,
		},
		{
			name: "scalar", body: `"OK"`,
			frameType: data.FrameTypeTable,
			fields:    []string{"value"},
			types:     []data.FieldType{data.FieldTypeNullableString},
			rows:      1,
		},
		{name: "empty array", body: `[]`, frameType: data.FrameTypeTable},
		{name: "null", body: `null`, frameType: data.FrameTypeTable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			frame := flattenString(t, tc.body)
			if frame.Meta.Type != tc.frameType {
				t.Errorf("type = %s, want %s", frame.Meta.Type, tc.frameType)
			}
			if len(frame.Fields) != len(tc.fields) {
				t.Fatalf("fields = %d, want %v", len(frame.Fields), tc.fields)
			}
			for i, f := range frame.Fields {
				if f.Name != tc.fields[i] || f.Type() != tc.types[i] {
					t.Errorf("field %d = %s %s, want %s %s", i, f.Name, f.Type(), tc.fields[i], tc.types[i])
				}
			}
			if n, _ := frame.RowLen(); n != tc.rows {
				t.Errorf("rows = %d, want %d", n, tc.rows)
			}
		})
	}
}

func TestFlattenMetricMapSortsByTime(t *testing.T) {
	frame := flattenString(t, `{"2026-01-01T00:10:00Z":{"CPU0":2},"2026-01-01T00:00:00Z":{"CPU0":1}}`)
	if v, _ := frame.Fields[1].ConcreteAt(0); v != int64(1) {
		t.Errorf("first value = %v, want the earlier sample 1", v)
	}
	if frame.Fields[1].At(1) == nil {
		t.Error("second row lost")
	}
}

func TestFlattenKeepsNestedArraysAsJSON(t *testing.T) {
	frame := flattenString(t, `[{"ips":[{"ip":"192.0.2.1","password":"x"}]}]`)
	got, _ := frame.Fields[0].ConcreteAt(0)
	if got != `[{"ip":"192.0.2.1","password":"[redacted]"}]` {
		t.Errorf("cell = %v", got)
	}
}
