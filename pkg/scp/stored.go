package scp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"reflect"
	"sync"
)

// storedResponse is a fully read upstream answer that can be handed out many times, to
// single-flight waiters and from the cache.
type storedResponse struct {
	status int
	header http.Header
	body   []byte
	// decoded memoises typed decodings of body, so warm refreshes skip JSON decoding.
	decoded sync.Map // reflect.Type -> value
}

// store reads and closes rsp's body.
func store(rsp *http.Response) (*storedResponse, error) {
	defer func() { _ = rsp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(rsp.Body, maxBodyBytes))
	if err != nil {
		return nil, err
	}
	return &storedResponse{status: rsp.StatusCode, header: rsp.Header.Clone(), body: body}, nil
}

// response builds a fresh *http.Response for req; callers may read and close it freely.
func (s *storedResponse) response(req *http.Request) *http.Response {
	return &http.Response{
		Status:        http.StatusText(s.status),
		StatusCode:    s.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        s.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(s.body)),
		ContentLength: int64(len(s.body)),
		Request:       req,
	}
}

// cacheSlot tells the client which cache entry answered its request, so it can reuse the
// entry's decoded value instead of decoding the same bytes again.
type cacheSlot struct{ stored *storedResponse }

type cacheSlotKey struct{}

func withCacheSlot(ctx context.Context) (context.Context, *cacheSlot) {
	slot := &cacheSlot{}
	return context.WithValue(ctx, cacheSlotKey{}, slot), slot
}

// noteCacheEntry records the entry that answers req, if its caller asked.
func noteCacheEntry(req *http.Request, s *storedResponse) {
	if slot, ok := req.Context().Value(cacheSlotKey{}).(*cacheSlot); ok {
		slot.stored = s
	}
}

// decodedAs returns body decoded as t, decoding it at most once per type in the common case.
func (s *storedResponse) decodedAs(t reflect.Type, decode func() (any, error)) (any, error) {
	if v, ok := s.decoded.Load(t); ok {
		return v, nil
	}
	v, err := decode()
	if err != nil {
		return nil, err
	}
	actual, _ := s.decoded.LoadOrStore(t, v)
	return actual, nil
}
