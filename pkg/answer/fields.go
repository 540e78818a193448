package answer

import (
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Field is one value of an inventory row (a server, a disk, ...). Every field is a table
// column; numbers and flags can also be picked with the query's Field, which turns the table
// into one numeric-multi frame per row. Column and field share the name, so users see one
// vocabulary.
type Field[R any] struct {
	name   string
	unit   string
	column func(rows []R) *data.Field
	// number is nil for values that cannot be a numeric frame (text, times, ids).
	number func(R) *float64
}

// Name is the column's and the numeric field's name.
func (f Field[R]) Name() string { return f.name }

// IsNumeric reports whether the field can be picked for numeric frames.
func (f Field[R]) IsNumeric() bool { return f.number != nil }

// NumericFrame is the field's numeric-multi frame for one row.
func (f Field[R]) NumericFrame(row R, labels data.Labels) *data.Frame {
	return Numeric(f.name, labels, f.number(row), Unit(f.unit))
}

// NewField is a column of get's values in the Grafana unit unitID; number turns a value into
// the field's numeric frame value, nil for a table-only column.
func NewField[R, V any](name, unitID string, get func(R) V, number func(V) *float64) Field[R] {
	f := Field[R]{name: name, unit: unitID, column: func(rows []R) *data.Field {
		values := make([]V, len(rows))
		for i, r := range rows {
			values[i] = get(r)
		}
		return data.NewField(name, nil, values).SetConfig(Unit(unitID))
	}}
	if number != nil {
		f.number = func(r R) *float64 { return number(get(r)) }
	}
	return f
}

// Column is a table-only column of any type the SDK accepts.
func Column[R, V any](name, unitID string, get func(R) V) Field[R] {
	return NewField(name, unitID, get, nil)
}

// CountField is an optional integer; null when the upstream did not send it.
func CountField[R any](name, unitID string, get func(R) *int64) Field[R] {
	return NewField(name, unitID, get, func(v *int64) *float64 {
		if v == nil {
			return nil
		}
		f := float64(*v)
		return &f
	})
}

// RatioField is an optional float, such as a percentage.
func RatioField[R any](name, unitID string, get func(R) *float64) Field[R] {
	return NewField(name, unitID, get, func(v *float64) *float64 { return v })
}

// FlagField is an optional boolean: a bool column, and 0/1 as a numeric frame.
func FlagField[R any](name string, get func(R) *bool) Field[R] {
	return NewField(name, "", get, func(v *bool) *float64 {
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

// Pick finds the numeric field a query names, ignoring case.
func Pick[R any](fields []Field[R], queryType, name string) (Field[R], error) {
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
	return Field[R]{}, backend.PluginError(fmt.Errorf(
		"%s has no numeric field %q; use one of %s, or leave the field empty for a table",
		queryType, name, strings.Join(names, ", ")))
}

// TableOf is a table of every row with every field as a column.
func TableOf[R any](name string, fields []Field[R], rows []R) *data.Frame {
	columns := make([]*data.Field, len(fields))
	for i, f := range fields {
		columns[i] = f.column(rows)
	}
	return Table(name, columns...)
}

// NumericOf is one numeric-multi frame per row for the picked field.
func NumericOf[R any](f Field[R], rows []R, labels func(R) data.Labels) data.Frames {
	frames := make(data.Frames, len(rows))
	for i, r := range rows {
		frames[i] = f.NumericFrame(r, labels(r))
	}
	return frames
}
