package plugin

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// answerBytes estimates what a response's frames hold on the heap: fixed-size values by their
// width (a pointer more when nullable), text by its length.
func answerBytes(res backend.DataResponse) int64 {
	var n int64
	for _, f := range res.Frames {
		for _, field := range f.Fields {
			n += fieldBytes(field)
		}
	}
	return n
}

func fieldBytes(f *data.Field) int64 {
	rows := int64(f.Len())
	t := f.Type()
	var n, width int64
	switch t.NonNullableType() {
	case data.FieldTypeString, data.FieldTypeJSON:
		width = 16 // the header; the text is added below
		for i := range f.Len() {
			switch v := f.At(i).(type) {
			case string:
				n += int64(len(v))
			case *string:
				if v != nil {
					n += int64(len(*v))
				}
			case json.RawMessage:
				n += int64(len(v))
			case *json.RawMessage:
				if v != nil {
					n += int64(len(*v))
				}
			}
		}
	case data.FieldTypeTime:
		width = 24
	case data.FieldTypeBool, data.FieldTypeInt8, data.FieldTypeUint8:
		width = 1
	default:
		width = 8
	}
	if t.Nullable() {
		width += 8
	}
	return n + rows*width
}

// overBudget answers a query whose frames would take the instance past the bytes it may
// hold for answers not yet sent.
func overBudget(limit int64) backend.DataResponse {
	return backend.ErrDataResponseWithSource(http.StatusRequestEntityTooLarge, backend.ErrorSourcePlugin, fmt.Sprintf(
		"the answers in progress on this data source passed %d MiB, the most it holds at once, so this query was dropped: "+
			"ask for less in one request (fewer queries, shorter time ranges), or raise the cache size in the data source settings", limit>>20))
}
