package answer

import (
	"regexp"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// dataplane is the contract version of the frame types below.
var dataplane = data.FrameTypeVersion{0, 1}

// Table is a plain table for table panels and Explore.
func Table(name string, fields ...*data.Field) *data.Frame {
	frame := data.NewFrame(name, fields...)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: dataplane}
	return frame
}

// Numeric is one labelled value of a numeric-multi response, the shape alert rules
// turn into one alert instance per label set.
func Numeric(name string, labels data.Labels, value *float64, config *data.FieldConfig) *data.Frame {
	field := data.NewField(name, labels, []*float64{value}).SetConfig(config)
	frame := data.NewFrame(name, field)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: dataplane}
	return frame
}

// Series is one series of a timeseries-multi response: a time field and the value field.
func Series(name string, times []time.Time, value *data.Field) *data.Frame {
	frame := data.NewFrame(name, data.NewField("time", nil, times), value)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: dataplane}
	return frame
}

// EmptySeries is the dataplane's "no data" answer for time series: a typed frame without fields.
func EmptySeries(name string) *data.Frame {
	frame := data.NewFrame(name)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: dataplane}
	return frame
}

// Unit returns a field config with a Grafana unit id, or nil for unitless values.
func Unit(id string) *data.FieldConfig {
	if id == "" {
		return nil
	}
	return &data.FieldConfig{Unit: id}
}

// Warn adds warning notices to a frame and returns it.
func Warn(frame *data.Frame, texts ...string) *data.Frame {
	for _, text := range texts {
		frame.AppendNotices(data.Notice{Severity: data.NoticeSeverityWarning, Text: text})
	}
	return frame
}

// legendPlaceholder matches {{label}} and {{ label }}.
var legendPlaceholder = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// Legend names a series: the legend format with {{label}} filled from the series' labels, or
// def when there is no format. Like Prometheus legends, a label the series lacks becomes empty.
func Legend(format, def string, labels data.Labels) string {
	if strings.TrimSpace(format) == "" {
		return def
	}
	return strings.TrimSpace(legendPlaceholder.ReplaceAllStringFunc(format, func(m string) string {
		return labels[legendPlaceholder.FindStringSubmatch(m)[1]]
	}))
}
