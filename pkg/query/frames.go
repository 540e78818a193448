package query

import (
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// dataplane is the contract version of the frame types below.
var dataplane = data.FrameTypeVersion{0, 1}

// tableFrame is a plain table for table panels and Explore.
func tableFrame(name string, fields ...*data.Field) *data.Frame {
	frame := data.NewFrame(name, fields...)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable, TypeVersion: dataplane}
	return frame
}

// numericFrame is one labelled value of a numeric-multi response, the shape alert rules
// turn into one alert instance per label set.
func numericFrame(name string, labels data.Labels, value *float64, config *data.FieldConfig) *data.Frame {
	field := data.NewField(name, labels, []*float64{value}).SetConfig(config)
	frame := data.NewFrame(name, field)
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeNumericMulti, TypeVersion: dataplane}
	return frame
}

// unit returns a field config with a Grafana unit id, or nil for unitless values.
func unit(id string) *data.FieldConfig {
	if id == "" {
		return nil
	}
	return &data.FieldConfig{Unit: id}
}
