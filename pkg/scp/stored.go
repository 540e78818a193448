package scp

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/vpsfleet/netcupscp/pkg/upstream"
)

// storedResponse is a fully read upstream answer that can be handed out many times, to
// single-flight waiters and from the cache. Its body was capped and scrubbed when it was read.
type storedResponse struct {
	status int
	header http.Header
	body   []byte
	// decoded memoises typed decodings of body, so warm refreshes skip JSON decoding.
	decoded sync.Map // reflect.Type -> value
	// grow tells the cache entry holding this answer that a decoded form now weighs on it.
	grow func(delta int64)
	// asOf is when the query that fetched it began: the answer is at least this recent.
	asOf time.Time
}

// readStored reads rsp's body once, within the size cap, removing the instance's secrets: it
// is the one place every SCP answer enters the plugin. An answer another layer already read
// is taken as it is.
func readStored(rsp *http.Response, scrub *upstream.Scrubber) (*storedResponse, error) {
	if b, ok := rsp.Body.(storedBody); ok {
		return b.stored, nil
	}
	defer func() { _ = rsp.Body.Close() }()
	body, err := upstream.ReadBody(rsp, upstream.MaxBodyBytes)
	if err != nil {
		return nil, err
	}
	return &storedResponse{status: rsp.StatusCode, header: rsp.Header.Clone(), body: scrub.Bytes(body)}, nil
}

// storedBody lets the layers above the one that read an answer take its bytes instead of
// copying them again.
type storedBody struct {
	*bytes.Reader
	stored *storedResponse
}

func (storedBody) Close() error { return nil }

// response builds a fresh *http.Response for req; callers may read and close it freely.
func (s *storedResponse) response(req *http.Request) *http.Response {
	return &http.Response{
		Status:        http.StatusText(s.status),
		StatusCode:    s.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        s.header.Clone(),
		Body:          storedBody{bytes.NewReader(s.body), s},
		ContentLength: int64(len(s.body)),
		Request:       req,
	}
}

// size is what the answer weighs in the cache, decoded forms aside.
func (s *storedResponse) size() int64 {
	n := int64(len(s.body))
	for k, vs := range s.header {
		n += int64(len(k))
		for _, v := range vs {
			n += int64(len(v))
		}
	}
	return n
}

// answerSlot tells the client which stored answer its request got, so it reads the bytes
// without a copy and reuses the answer's decoded form. The generated client hands back the
// body wrapped by net/http, so the slot travels in the context instead.
type answerSlot struct{ stored *storedResponse }

type answerSlotKey struct{}

func withAnswerSlot(ctx context.Context) (context.Context, *answerSlot) {
	slot := &answerSlot{}
	return context.WithValue(ctx, answerSlotKey{}, slot), slot
}

// noteAnswer records the stored answer to req, if its caller asked.
func noteAnswer(req *http.Request, s *storedResponse) {
	if slot, ok := req.Context().Value(answerSlotKey{}).(*answerSlot); ok {
		slot.stored = s
	}
}

// decodedSizer is a decoded answer that knows its own weight (parsed metric series).
type decodedSizer interface{ SizeBytes() int64 }

// decodedWeight is how much heavier than its JSON a decoded answer may be: generated
// structs hold a pointer per optional field. TestDecodedWeightCoversTheHeap measures it
// (at most 4× for the simulator's answers).
const decodedWeight = 5

// decodedAs returns body decoded as t, decoding it at most once per type in the common case.
func (s *storedResponse) decodedAs(t reflect.Type, decode func() (any, error)) (any, error) {
	if v, ok := s.decoded.Load(t); ok {
		return v, nil
	}
	v, err := decode()
	if err != nil {
		return nil, err
	}
	actual, loaded := s.decoded.LoadOrStore(t, v)
	if !loaded && s.grow != nil {
		weight := decodedWeight * int64(len(s.body))
		if sized, ok := v.(decodedSizer); ok {
			weight = sized.SizeBytes()
		}
		s.grow(weight)
	}
	return actual, nil
}
