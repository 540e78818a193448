package query

import (
	"slices"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/answer"
)

// mebibyte converts SCP's MiB values to bytes.
const mebibyte = 1 << 20

// secondsField is an optional duration, such as an age or a countdown, in seconds.
func secondsField[R any](name string, get func(R) *time.Duration) answer.Field[R] {
	return answer.RatioField(name, "s", func(r R) *float64 {
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
func timeField[R any](name string, get func(R) *time.Time) answer.Field[R] {
	return answer.NewField(name, "dateTimeAsIso", get, func(v *time.Time) *float64 {
		if v == nil {
			return nil
		}
		ms := float64(v.UnixMilli())
		return &ms
	})
}

// serverColumns lead every per-server-item table, matching the labels numeric frames carry.
func serverColumns[R any](of func(R) Target) []answer.Field[R] {
	return []answer.Field[R]{
		answer.Column("serverId", "", func(r R) int64 { return int64(of(r).ID) }),
		answer.Column("server", "", func(r R) string { return of(r).Name }),
		answer.Column("nickname", "", func(r R) string { return of(r).Nickname }),
	}
}

// hasNumbers reports whether any field can be picked for numeric frames.
func hasNumbers[R any](fields []answer.Field[R]) bool {
	return slices.ContainsFunc(fields, answer.Field[R].IsNumeric)
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
