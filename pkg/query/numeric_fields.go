package query

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// mebibyte converts SCP's MiB values to bytes.
const mebibyte = 1 << 20

// inventoryField is one value of an inventory row. Every field is a table column; numbers
// and flags can also be picked with the query's Field, which turns the table into one
// numeric-multi frame per row. Column and field share the name, so users see one vocabulary.
type inventoryField[R any] struct {
	name   string
	unit   string
	column func(rows []R) *data.Field
	// number is nil for values that cannot be a numeric frame (text, times, ids).
	number func(R) *float64
}

func newField[R, V any](name, unitID string, get func(R) V, number func(V) *float64) inventoryField[R] {
	f := inventoryField[R]{name: name, unit: unitID, column: func(rows []R) *data.Field {
		values := make([]V, len(rows))
		for i, r := range rows {
			values[i] = get(r)
		}
		return data.NewField(name, nil, values).SetConfig(unit(unitID))
	}}
	if number != nil {
		f.number = func(r R) *float64 { return number(get(r)) }
	}
	return f
}

// column is a table-only column of any type the SDK accepts.
func column[R, V any](name, unitID string, get func(R) V) inventoryField[R] {
	return newField(name, unitID, get, nil)
}

// countField is an optional integer; null when SCP did not send it.
func countField[R any](name, unitID string, get func(R) *int64) inventoryField[R] {
	return newField(name, unitID, get, func(v *int64) *float64 {
		if v == nil {
			return nil
		}
		f := float64(*v)
		return &f
	})
}

// ratioField is an optional float, such as a percentage.
func ratioField[R any](name, unitID string, get func(R) *float64) inventoryField[R] {
	return newField(name, unitID, get, func(v *float64) *float64 { return v })
}

// secondsField is an optional duration, such as an age or a countdown, in seconds.
func secondsField[R any](name string, get func(R) *time.Duration) inventoryField[R] {
	return ratioField(name, "s", func(r R) *float64 {
		d := get(r)
		if d == nil {
			return nil
		}
		s := d.Seconds()
		return &s
	})
}

// timeField is an optional instant: a time column, and epoch milliseconds as a numeric
// frame, which Grafana shows as a date through the unit dateTimeAsIso.
func timeField[R any](name string, get func(R) *time.Time) inventoryField[R] {
	return newField(name, "dateTimeAsIso", get, func(v *time.Time) *float64 {
		if v == nil {
			return nil
		}
		ms := float64(v.UnixMilli())
		return &ms
	})
}

// flagField is an optional boolean: a bool column, and 0/1 as a numeric frame.
func flagField[R any](name string, get func(R) *bool) inventoryField[R] {
	return newField(name, "", get, func(v *bool) *float64 {
		if v == nil {
			return nil
		}
		f := 0.0
		if *v {
			f = 1
		}
		return &f
	})
}

// serverColumns lead every per-server-item table, matching the labels numeric frames carry.
func serverColumns[R any](of func(R) Target) []inventoryField[R] {
	return []inventoryField[R]{
		column("serverId", "", func(r R) int64 { return int64(of(r).ID) }),
		column("server", "", func(r R) string { return of(r).Name }),
		column("nickname", "", func(r R) string { return of(r).Nickname }),
	}
}

// hasNumbers reports whether any field can be picked for numeric frames.
func hasNumbers[R any](fields []inventoryField[R]) bool {
	for _, f := range fields {
		if f.number != nil {
			return true
		}
	}
	return false
}

// pickField finds the numeric field a query names, ignoring case.
func pickField[R any](fields []inventoryField[R], queryType, name string) (inventoryField[R], error) {
	var names []string
	for _, f := range fields {
		if f.number == nil {
			continue
		}
		if strings.EqualFold(f.name, name) {
			return f, nil
		}
		names = append(names, f.name)
	}
	return inventoryField[R]{}, backend.PluginError(fmt.Errorf(
		"%s has no numeric field %q; use one of %s, or leave the field empty for a table",
		queryType, name, strings.Join(names, ", ")))
}

// inventoryTable is every row with every field as a column.
func inventoryTable[R any](name string, fields []inventoryField[R], rows []R) *data.Frame {
	columns := make([]*data.Field, len(fields))
	for i, f := range fields {
		columns[i] = f.column(rows)
	}
	return tableFrame(name, columns...)
}

// numericFrames is one numeric-multi frame per row for the picked field.
func numericFrames[R any](f inventoryField[R], rows []R, labels func(R) data.Labels) data.Frames {
	frames := make(data.Frames, len(rows))
	for i, r := range rows {
		frames[i] = numericFrame(f.name, labels(r), f.number(r), unit(f.unit))
	}
	return frames
}

// optInt widens an optional SCP integer for an int64 column.
func optInt[N int32 | int64](p *N) *int64 {
	if p == nil {
		return nil
	}
	v := int64(*p)
	return &v
}

// bytesFromMiB converts an optional MiB value to bytes.
func bytesFromMiB[N int32 | int64](p *N) *int64 {
	if p == nil {
		return nil
	}
	v := int64(*p) * mebibyte
	return &v
}

// optText turns an optional SCP enum or string into a nullable text column value.
func optText[S ~string](p *S) *string {
	if p == nil {
		return nil
	}
	v := string(*p)
	return &v
}
