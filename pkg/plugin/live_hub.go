package plugin

import (
	"bytes"
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/live"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// liveHub runs an instance's Live channels: one poller per channel, started by the first
// stream that listens to it and stopped by the last one to leave, so every viewer of a channel
// shares its SCP reads. Grafana already runs one stream per channel and fans it out to its
// viewers, but each Grafana server runs its own; they share the poller too.
type liveHub struct {
	// uid is the data source's, which its channels' addresses name.
	uid string
	// interval is the time between a channel's polls; 0 means Live is off.
	interval time.Duration
	now      func() time.Time
	scrub    *upstream.Scrubber
	// ctx ends when the instance is disposed, and every poller and stream with it.
	ctx  context.Context
	stop context.CancelFunc

	mu    sync.Mutex
	feeds map[string]*liveFeed
}

// liveFeed is one channel's poller and the streams it feeds.
type liveFeed struct {
	streams map[chan []byte]struct{}
	// sent is the frame last sent, as JSON; good is the last frame read without an error.
	sent []byte
	good *data.Frame
	stop context.CancelFunc
	// done closes when the poller has returned.
	done chan struct{}
}

func newLiveHub(uid string, interval time.Duration, now func() time.Time, scrub *upstream.Scrubber) *liveHub {
	ctx, stop := context.WithCancel(context.Background())
	return &liveHub{uid: uid, interval: interval, now: now, scrub: scrub, ctx: ctx, stop: stop, feeds: map[string]*liveFeed{}}
}

// listen feeds one stream of a channel, through send, until ctx ends, the instance is
// disposed or send fails. It joins the channel's poller, starting it (with a source from
// newSource) if the channel has none. The last stream to leave stops the poller and waits for
// it, so no goroutine outlives the streams.
func (h *liveHub) listen(ctx context.Context, c live.Channel, newSource func() live.Source, send func([]byte) error) error {
	frames := make(chan []byte, 1)
	feed := h.join(c.Path(), newSource, frames)
	defer h.leave(c.Path(), feed, frames)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.ctx.Done():
			return nil
		case frame := <-frames:
			if err := send(frame); err != nil {
				return err
			}
		}
	}
}

func (h *liveHub) join(path string, newSource func() live.Source, frames chan []byte) *liveFeed {
	h.mu.Lock()
	defer h.mu.Unlock()
	feed := h.feeds[path]
	if feed == nil {
		ctx, stop := context.WithCancel(h.ctx)
		feed = &liveFeed{streams: map[chan []byte]struct{}{}, stop: stop, done: make(chan struct{})}
		h.feeds[path] = feed
		go h.poll(ctx, path, feed, newSource())
	}
	feed.streams[frames] = struct{}{}
	if feed.sent != nil {
		frames <- feed.sent // a stream that joins late starts from the channel's last frame
	}
	return feed
}

func (h *liveHub) leave(path string, feed *liveFeed, frames chan []byte) {
	h.mu.Lock()
	delete(feed.streams, frames)
	last := len(feed.streams) == 0
	if last {
		delete(h.feeds, path)
	}
	h.mu.Unlock()
	if last {
		feed.stop()
		<-feed.done
	}
}

// poll reads the channel now and at every interval until ctx ends. Its reads ask for answers
// younger than half the interval: an answer the previous poll fetched is always too old, so
// every poll reads SCP once, while one a query fetched a moment ago is taken as it is.
func (h *liveHub) poll(ctx context.Context, path string, feed *liveFeed, source live.Source) {
	defer close(feed.done)
	ticker := time.NewTicker(h.interval)
	defer ticker.Stop()
	for {
		frame, err := source.Poll(upstream.WithAsOf(ctx, h.now()), h.interval/2)
		if ctx.Err() != nil {
			return // stopped mid-poll: no one is left to tell
		}
		h.publish(path, feed, frame, err)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// publish sends a poll's frame, or its error, to the channel's streams when it differs from
// the frame last sent. A stream that has not taken the previous frame yet gets this one
// instead: viewers want the latest state, not every state in between.
func (h *liveHub) publish(path string, feed *liveFeed, frame *data.Frame, pollErr error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if pollErr == nil {
		feed.good = frame
	} else {
		frame = errorFrame(feed.good, h.scrub.String(pollErr.Error()))
	}
	encoded, err := data.FrameToJSON(frame, data.IncludeAll)
	if err != nil {
		backend.Logger.Error("live frame not encoded", "path", path, "error", err)
		return
	}
	if bytes.Equal(encoded, feed.sent) {
		return
	}
	if pollErr != nil {
		backend.Logger.Warn("live poll failed", "path", path, "error", frame.Meta.Notices[0].Text)
	}
	feed.sent = encoded
	for frames := range feed.streams {
		select {
		case <-frames:
		default:
		}
		frames <- encoded
	}
}

// errorFrame tells a channel's viewers that its poll failed: the last good frame's fields
// without rows, so a panel keeps the rows it shows, and an error notice. The next good frame
// replaces the notice.
func errorFrame(good *data.Frame, msg string) *data.Frame {
	frame, meta := data.NewFrame(""), &data.FrameMeta{}
	if good != nil {
		frame = good.EmptyCopy()
		for i, f := range good.Fields {
			frame.Fields[i].Config = f.Config
		}
		if good.Meta != nil {
			meta.Type, meta.TypeVersion = good.Meta.Type, good.Meta.TypeVersion
		}
	}
	meta.Notices = []data.Notice{{Severity: data.NoticeSeverityError, Text: msg}}
	frame.Meta = meta
	return frame
}

// latest is the last good frame of a channel whose poller runs, nil for other channels.
func (h *liveHub) latest(c live.Channel) *data.Frame {
	h.mu.Lock()
	defer h.mu.Unlock()
	if feed := h.feeds[c.Path()]; feed != nil {
		return feed.good
	}
	return nil
}

// close stops every poller and ends every stream, when the instance is disposed.
func (h *liveHub) close() { h.stop() }
