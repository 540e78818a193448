package plugin

import (
	"slices"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Headers Grafana's query service sets on the requests it sends a plugin.
const (
	headerPanelID  = "X-Panel-Id"          // a dashboard panel's query
	headerFromExpr = "X-Grafana-From-Expr" // a query for server-side expressions
	headerAlert    = "FromAlert"           // an alert or recording rule's query
)

// forServerSide reports a request whose answers Grafana evaluates itself, in an alert or
// recording rule or a server-side expression: it wants one frame per series and no stream.
func forServerSide(req *backend.QueryDataRequest) bool {
	return req.Headers[headerAlert] == "true" || req.GetHTTPHeader(headerFromExpr) == "true"
}

// forPanel reports a request from a dashboard panel: its answers go to the browser only.
func forPanel(req *backend.QueryDataRequest) bool {
	return req.GetHTTPHeader(headerPanelID) != "" && !forServerSide(req)
}

// packForPanel answers a panel with as few frames as the dataplane allows: the -multi frames
// of one name (one per series or value, as alert rules need them) become one -wide frame
// whose fields keep their labels and display names. Grafana encodes every frame on its own,
// so a fleet's 1,500 CPU series cost 1,500 encodings as -multi frames and one as -wide.
// Frames of different names stay apart, so panels name fields as they did; series pack
// together only when they share their timestamps. Other frames (tables, logs) pass as they are.
func packForPanel(frames data.Frames) data.Frames {
	out := make(data.Frames, 0, len(frames))
	var groups []*frameGroup
	for _, f := range frames {
		kind := packedType(f)
		if kind == "" {
			out = append(out, f)
			continue
		}
		g := findGroup(groups, f, kind)
		if g == nil {
			g = &frameGroup{kind: kind, first: f, at: len(out)}
			groups = append(groups, g)
			out = append(out, nil) // the group's place, where its first frame was
		}
		g.members = append(g.members, f)
	}
	for _, g := range groups {
		out[g.at] = g.wide()
	}
	return out
}

// packedType is the -wide type a frame packs into, or "" for frames that stay as they are.
func packedType(f *data.Frame) data.FrameType {
	if f.Meta == nil || len(f.Fields) == 0 {
		return ""
	}
	switch f.Meta.Type {
	case data.FrameTypeNumericMulti:
		return data.FrameTypeNumericWide
	case data.FrameTypeTimeSeriesMulti:
		if f.Fields[0].Type() == data.FieldTypeTime {
			return data.FrameTypeTimeSeriesWide
		}
	}
	return ""
}

// frameGroup is the -multi frames that become one -wide frame.
type frameGroup struct {
	kind    data.FrameType
	first   *data.Frame
	at      int // the group's index in the answer
	members []*data.Frame
}

func findGroup(groups []*frameGroup, f *data.Frame, kind data.FrameType) *frameGroup {
	for _, g := range groups {
		if g.kind == kind && g.first.Name == f.Name && (kind != data.FrameTypeTimeSeriesWide || sameTimes(g.first, f)) {
			return g
		}
	}
	return nil
}

// sameTimes reports whether two series frames have the same timestamps.
func sameTimes(a, b *data.Frame) bool {
	ta, tb := a.Fields[0], b.Fields[0]
	if ta.Len() != tb.Len() {
		return false
	}
	for i := range ta.Len() {
		// PointerAt, not At: a pointer fits an interface without a copy on the heap.
		if !sameInstant(ta.PointerAt(i), tb.PointerAt(i)) {
			return false
		}
	}
	return true
}

func sameInstant(a, b any) bool {
	switch x := a.(type) {
	case *time.Time:
		y, ok := b.(*time.Time)
		return ok && x.Equal(*y)
	case **time.Time:
		y, ok := b.(**time.Time)
		return ok && (*x == nil) == (*y == nil) && (*x == nil || (*x).Equal(**y))
	}
	return false
}

// wide builds the group's -wide frame: one time field for series, then every member's value
// fields in order, and every member's notices once.
func (g *frameGroup) wide() *data.Frame {
	if len(g.members) == 1 {
		return g.first
	}
	var fields []*data.Field
	skip := 0
	if g.kind == data.FrameTypeTimeSeriesWide {
		fields, skip = append(fields, g.first.Fields[0]), 1
	}
	meta := &data.FrameMeta{Type: g.kind, TypeVersion: g.first.Meta.TypeVersion}
	for _, m := range g.members {
		fields = append(fields, m.Fields[skip:]...)
		for _, n := range m.Meta.Notices {
			if !slices.Contains(meta.Notices, n) {
				meta.Notices = append(meta.Notices, n)
			}
		}
	}
	frame := data.NewFrame(g.first.Name, fields...)
	frame.Meta = meta
	return frame
}
