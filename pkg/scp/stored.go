package scp

import (
	"bytes"
	"io"
	"net/http"
)

// storedResponse is a fully read upstream answer that can be handed out many times, to
// single-flight waiters and from the cache.
type storedResponse struct {
	status int
	header http.Header
	body   []byte
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

func (s *storedResponse) size() int { return len(s.body) }
