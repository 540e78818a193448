package query

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/answer"
)

// flattenJSON turns a raw answer into one frame:
//   - an array: one row per element, a column per flattened key ("a.b.c");
//   - an object keyed by timestamps (the metric maps): one row per timestamp, ascending;
//   - any other object: key/value rows;
//   - a scalar: one value.
//
// Arrays nested inside rows stay whole, as JSON text in one cell.
func flattenJSON(name string, v any) *data.Frame {
	switch t := v.(type) {
	case []any:
		rows := make([]object, len(t))
		for i, el := range t {
			rows[i] = flattenRow(el)
		}
		return answer.Table(name, columns(rows)...)
	case object:
		if frame, ok := timeRows(name, t); ok {
			return frame
		}
		return keyValueFrame(name, t)
	case nil:
		return answer.Table(name)
	}
	return answer.Table(name, columns([]object{flattenRow(v)})...)
}

// flattenRow turns one element into dotted keys; a non-object becomes the column "value".
func flattenRow(v any) object {
	obj, ok := v.(object)
	if !ok {
		return object{{"value", v}}
	}
	var row object
	flattenInto(&row, "", obj)
	return row
}

func flattenInto(row *object, prefix string, obj object) {
	for _, m := range obj {
		key := prefix + m.key
		if nested, ok := m.value.(object); ok && len(nested) > 0 {
			flattenInto(row, key+".", nested)
			continue
		}
		*row = append(*row, member{key, m.value})
	}
}

// columns builds one typed field per key, in order of first appearance.
func columns(rows []object) []*data.Field {
	var order []string
	cells := map[string][]any{}
	for i, row := range rows {
		for _, m := range row {
			col, seen := cells[m.key]
			if !seen {
				order = append(order, m.key)
				col = make([]any, len(rows))
			}
			col[i] = m.value
			cells[m.key] = col
		}
	}
	fields := make([]*data.Field, len(order))
	for i, key := range order {
		fields[i] = typedField(key, cells[key])
	}
	return fields
}

// typedField picks the narrowest type all non-null cells share: integer, number, boolean,
// RFC 3339 time or string; anything mixed or nested becomes JSON text.
func typedField(name string, cells []any) *data.Field {
	switch kindOf(cells) {
	case "int":
		return data.NewField(name, nil, convert(cells, func(v any) int64 { n, _ := v.(json.Number).Int64(); return n }))
	case "float":
		return data.NewField(name, nil, convert(cells, func(v any) float64 { n, _ := v.(json.Number).Float64(); return n }))
	case "bool":
		return data.NewField(name, nil, convert(cells, func(v any) bool { return v.(bool) }))
	case "time":
		return data.NewField(name, nil, convert(cells, func(v any) time.Time { t, _ := parseTime(v.(string)); return t }))
	}
	return data.NewField(name, nil, convert(cells, text))
}

func kindOf(cells []any) string {
	kind := ""
	for _, v := range cells {
		var k string
		switch t := v.(type) {
		case nil:
			continue
		case json.Number:
			k = "float"
			// Ask Int64 only of what looks like an integer: its error for "1.5" costs an allocation.
			if !strings.ContainsAny(string(t), ".eE") {
				if _, err := t.Int64(); err == nil {
					k = "int"
				}
			}
		case bool:
			k = "bool"
		case string:
			k = "string"
			if _, ok := parseTime(t); ok {
				k = "time"
			}
		default:
			return "json"
		}
		switch {
		case kind == "" || kind == k:
			kind = k
		case (kind == "int" && k == "float") || (kind == "float" && k == "int"):
			kind = "float"
		case (kind == "time" && k == "string") || (kind == "string" && k == "time"):
			kind = "string"
		default:
			return "json"
		}
	}
	return kind
}

// convert maps cells to a nullable column; missing keys and JSON null stay null.
func convert[T any](cells []any, fn func(any) T) []*T {
	out := make([]*T, len(cells))
	for i, v := range cells {
		if v != nil {
			x := fn(v)
			out[i] = &x
		}
	}
	return out
}

func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err == nil
}

// text renders a cell as a string: strings as they are, everything else as JSON.
func text(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	}
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.String()
}

// writeJSON encodes decoded values back to compact JSON, keeping key order.
func writeJSON(b *bytes.Buffer, v any) {
	switch t := v.(type) {
	case object:
		b.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			key, _ := json.Marshal(m.key)
			b.Write(key)
			b.WriteByte(':')
			writeJSON(b, m.value)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, el := range t {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, el)
		}
		b.WriteByte(']')
	default:
		enc, _ := json.Marshal(t)
		b.Write(enc)
	}
}

// keyValueFrame lists an object's flattened keys with their values as text.
func keyValueFrame(name string, obj object) *data.Frame {
	row := flattenRow(obj)
	keys := make([]string, len(row))
	values := make([]*string, len(row))
	for i, m := range row {
		keys[i] = m.key
		if m.value != nil {
			s := text(m.value)
			values[i] = &s
		}
	}
	return answer.Table(name, data.NewField("key", nil, keys), data.NewField("value", nil, values))
}

// timeRows reads an object keyed by timestamps, such as SCP's metric maps
// ({"2026-…Z":{"CPU0":1.5}}), as rows over time. All-numeric rows make a wide time series.
func timeRows(name string, obj object) (*data.Frame, bool) {
	if len(obj) == 0 {
		return nil, false
	}
	type stamped struct {
		at  time.Time
		row object
	}
	rows := make([]stamped, len(obj))
	for i, m := range obj {
		at, ok := parseTime(m.key)
		if !ok {
			return nil, false
		}
		rows[i] = stamped{at, flattenRow(m.value)}
	}
	slices.SortStableFunc(rows, func(a, b stamped) int { return a.at.Compare(b.at) })
	times := make([]time.Time, len(rows))
	values := make([]object, len(rows))
	for i, r := range rows {
		times[i], values[i] = r.at, r.row
	}
	fields := append([]*data.Field{data.NewField("time", nil, times)}, columns(values)...)
	frame := answer.Table(name, fields...)
	if allNumeric(fields[1:]) {
		frame.Meta.Type = data.FrameTypeTimeSeriesWide
	}
	return frame, true
}

func allNumeric(fields []*data.Field) bool {
	for _, f := range fields {
		if !f.Type().Numeric() {
			return false
		}
	}
	return len(fields) > 0
}
