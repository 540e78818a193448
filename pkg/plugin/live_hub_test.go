package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/vpsfleet/netcupscp/pkg/live"
	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// eventTimeout bounds every wait on an event; it only matters when a test fails.
const eventTimeout = 30 * time.Second

// fakeSource is a channel source whose frame shows a number the test sets, or whose poll fails.
type fakeSource struct {
	mu     sync.Mutex
	value  int64
	err    error
	polls  int
	polled chan struct{} // one signal per poll, dropped when no one waits
}

func newFakeSource() *fakeSource { return &fakeSource{polled: make(chan struct{}, 1)} }

func (s *fakeSource) Poll(ctx context.Context, fresh time.Duration) (*data.Frame, error) {
	if fresh <= 0 {
		return nil, errors.New("a poller must ask for fresh answers")
	}
	s.mu.Lock()
	s.polls++
	value, err := s.value, s.err
	s.mu.Unlock()
	select {
	case s.polled <- struct{}{}:
	default:
	}
	if err != nil {
		return nil, err
	}
	frame := data.NewFrame("fake", data.NewField("value", nil, []int64{value}))
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTable}
	return frame, nil
}

func (s *fakeSource) set(value int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.value, s.err = value, err
}

// waitPolls waits until the source has been polled n more times.
func (s *fakeSource) waitPolls(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-s.polled:
		case <-time.After(eventTimeout):
			t.Fatal("the source was not polled")
		}
	}
}

// testStream is one stream of a hub channel, as RunStream runs it.
type testStream struct {
	frames chan *data.Frame
	cancel context.CancelFunc
	done   chan error
}

func startStream(t *testing.T, h *liveHub, newSource func() live.Source) *testStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &testStream{frames: make(chan *data.Frame, 100), cancel: cancel, done: make(chan error, 1)}
	go func() {
		s.done <- h.listen(ctx, live.Tasks, newSource, func(b []byte) error {
			var frame data.Frame
			if err := json.Unmarshal(b, &frame); err != nil {
				return err
			}
			s.frames <- &frame
			return nil
		})
	}()
	t.Cleanup(cancel)
	return s
}

// next is the stream's next frame.
func (s *testStream) next(t *testing.T) *data.Frame {
	t.Helper()
	select {
	case f := <-s.frames:
		return f
	case <-time.After(eventTimeout):
		t.Fatal("no frame arrived")
		return nil
	}
}

// nextValue waits for a frame showing want, skipping older ones.
func (s *testStream) nextValue(t *testing.T, want int64) {
	t.Helper()
	for {
		f := s.next(t)
		if rows, _ := f.RowLen(); rows == 1 && f.Fields[0].At(0).(int64) == want {
			return
		}
	}
}

// stop ends the stream and waits for listen to return.
func (s *testStream) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("the stream ended with %v", err)
		}
	case <-time.After(eventTimeout):
		t.Fatal("the stream did not end")
	}
}

func newTestHub(t *testing.T) *liveHub {
	h := newLiveHub("scp", time.Millisecond, time.Now, upstream.NewScrubber("hub-secret"))
	t.Cleanup(h.close)
	return h
}

func TestLiveHubSharesOnePollerAndStopsItWithTheLastStream(t *testing.T) {
	h := newTestHub(t)
	var sources []*fakeSource
	newSource := func() live.Source {
		s := newFakeSource()
		sources = append(sources, s) // called under the hub's lock
		return s
	}
	first := startStream(t, h, newSource)
	first.nextValue(t, 0)
	second := startStream(t, h, newSource)
	second.nextValue(t, 0) // the frame it joined with: the channel's last
	h.mu.Lock()
	src := sources[0]
	feed, created := h.feeds[live.Tasks.Path()], len(sources)
	h.mu.Unlock()
	if created != 1 {
		t.Fatalf("two streams of one channel made %d pollers", created)
	}

	src.set(1, nil)
	first.nextValue(t, 1)
	second.nextValue(t, 1)
	first.stop(t)
	src.set(2, nil)
	second.nextValue(t, 2)
	second.stop(t)
	select {
	case <-feed.done:
	default:
		t.Fatal("the last stream returned while its poller still ran")
	}
	h.mu.Lock()
	left := len(h.feeds)
	h.mu.Unlock()
	if left != 0 {
		t.Fatalf("%d channels still polled after their last stream left", left)
	}

	third := startStream(t, h, newSource)
	third.nextValue(t, 0)
	h.mu.Lock()
	created = len(sources)
	h.mu.Unlock()
	if created != 2 {
		t.Fatalf("a stream after the last one left made %d pollers in all, want 2", created)
	}
}

func TestLiveHubSendsOnlyChanges(t *testing.T) {
	h := newTestHub(t)
	src := newFakeSource()
	stream := startStream(t, h, func() live.Source { return src })
	stream.nextValue(t, 0)
	src.waitPolls(t, 5)
	select {
	case f := <-stream.frames:
		t.Fatalf("an unchanged frame was sent again: %v", f.Fields[0].At(0))
	default:
	}
	src.set(7, nil)
	stream.nextValue(t, 7)
}

func TestLiveHubSendsScrubbedErrorsAndRecovers(t *testing.T) {
	h := newTestHub(t)
	src := newFakeSource()
	src.set(3, nil)
	stream := startStream(t, h, func() live.Source { return src })
	stream.nextValue(t, 3)

	src.set(3, errors.New("SCP answered 503 for token hub-secret"))
	f := stream.next(t)
	if f.Meta == nil || len(f.Meta.Notices) != 1 || f.Meta.Notices[0].Severity != data.NoticeSeverityError {
		t.Fatalf("error frame meta: %+v", f.Meta)
	}
	if text := f.Meta.Notices[0].Text; text != "SCP answered 503 for token [redacted]" {
		t.Errorf("error notice %q", text)
	}
	if rows, _ := f.RowLen(); rows != 0 || len(f.Fields) != 1 || f.Fields[0].Name != "value" {
		t.Errorf("error frame: %d rows of %d fields, want the last frame's fields without rows", rows, len(f.Fields))
	}

	src.set(3, nil)
	f = stream.next(t)
	if rows, _ := f.RowLen(); rows != 1 || f.Meta == nil || len(f.Meta.Notices) != 0 {
		t.Errorf("after recovery: %d rows, meta %+v", rows, f.Meta)
	}
}

func TestLiveHubCloseEndsItsStreams(t *testing.T) {
	h := newTestHub(t)
	stream := startStream(t, h, func() live.Source { return newFakeSource() })
	stream.nextValue(t, 0)
	h.close()
	select {
	case err := <-stream.done:
		if err != nil {
			t.Errorf("the stream ended with %v", err)
		}
	case <-time.After(eventTimeout):
		t.Fatal("closing the hub left its stream running")
	}
}
