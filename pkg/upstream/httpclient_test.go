package upstream

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// TestNoRedirectIsFollowed: whatever the status, the other host sees nothing, and the error
// names it. Go would re-send a POST body on 307 and 308.
func TestNoRedirectIsFollowed(t *testing.T) {
	var reached atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer other.Close()
	for _, status := range []int{301, 302, 303, 307, 308} {
		origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+"/steal", status)
		}))
		client, err := NewHTTPClient(httpclient.Options{})
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, origin.URL+"/token", strings.NewReader("refresh_token=secret"))
		req.Header.Set("Authorization", "Bearer secret")
		rsp, err := client.Do(req)
		if rsp != nil {
			_, _ = io.Copy(io.Discard, rsp.Body)
			_ = rsp.Body.Close()
		}
		var redirect *RedirectError
		if !errors.As(err, &redirect) || !strings.Contains(err.Error(), Origin(mustURL(other.URL))) {
			t.Errorf("%d: error %v, want a RedirectError naming %s", status, err, other.URL)
		}
		origin.Close()
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the other host was called %d times", n)
	}
}

func TestReadBodyFailsPastTheLimit(t *testing.T) {
	answer := func(body string, length int64) *http.Response {
		return &http.Response{Body: io.NopCloser(strings.NewReader(body)), ContentLength: length}
	}
	for _, length := range []int64{-1, 5} { // chunked, and with a Content-Length
		if body, err := ReadBody(answer("12345", length), 5); err != nil || string(body) != "12345" {
			t.Errorf("a body at the limit: %q, %v", body, err)
		}
	}
	var tooLarge *TooLargeError
	if _, err := ReadBody(answer("123456", -1), 5); !errors.As(err, &tooLarge) {
		t.Errorf("a body past the limit: %v, want TooLargeError", err)
	}
	big := strings.Repeat("x", 100_000)
	if body, _ := ReadBody(answer(big, -1), 1<<20); cap(body) > len(body)*9/8 {
		t.Errorf("a %d-byte body of unknown length holds %d bytes", len(body), cap(body))
	}
}
