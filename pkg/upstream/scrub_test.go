package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TestScrubberRemovesEverySecretInEveryEncoding: an upstream may echo a token as sent, URL-
// or JSON-escaped, inside an error, a body or a header it quotes.
func TestScrubberRemovesEverySecretInEveryEncoding(t *testing.T) {
	refresh := "rt/with+odd=chars&\"quotes\"<tag>"
	s := NewScrubber(refresh, "nzp_nezha-token-123")
	s.AddAccessToken("eyJhbGciOi.access.token1")
	for _, text := range []string{
		"Authorization: Bearer eyJhbGciOi.access.token1",
		"refresh_token=" + url.QueryEscape(refresh) + "&client_id=scp",
		"/path/" + url.PathEscape(refresh),
		func() string { b, _ := json.Marshal(map[string]string{"echo": refresh}); return string(b) }(),
		"token nzp_nezha-token-123 is not allowed",
	} {
		got := s.String(text)
		for _, secret := range []string{refresh, url.QueryEscape(refresh), "eyJhbGciOi.access.token1", "nzp_nezha-token-123"} {
			if strings.Contains(got, secret) {
				t.Errorf("%q scrubbed to %q still holds %q", text, got, secret)
			}
		}
		if !strings.Contains(got, Redacted) {
			t.Errorf("%q scrubbed to %q without a redaction mark", text, got)
		}
		if b := s.Bytes([]byte(text)); string(b) != got {
			t.Errorf("Bytes(%q) = %q, String gave %q", text, b, got)
		}
	}
}

func TestScrubberLeavesCleanTextAlone(t *testing.T) {
	s := NewScrubber("a-long-refresh-token", "x") // the 1-character one is ignored
	body := []byte(`{"servers":[{"name":"x1"}]}`)
	if got := s.Bytes(body); &got[0] != &body[0] {
		t.Error("a clean body was copied")
	}
	if got := s.String("max 1 x"); got != "max 1 x" {
		t.Errorf("short secret scrubbed ordinary text: %q", got)
	}
	var nilScrubber *Scrubber
	if got := nilScrubber.String("tok"); got != "tok" {
		t.Errorf("nil scrubber changed text: %q", got)
	}
}

// TestScrubberKeepsRecentAccessTokens: an echo may arrive after the token was replaced.
func TestScrubberKeepsRecentAccessTokens(t *testing.T) {
	s := NewScrubber()
	for i := range keptAccessTokens + 4 {
		s.AddAccessToken(fmt.Sprintf("access-token-%02d", i))
	}
	if got := s.String("access-token-04"); got != Redacted {
		t.Errorf("a recent token was not scrubbed: %q", got)
	}
	if got := s.String("access-token-00"); got != "access-token-00" {
		t.Errorf("the scrubber keeps more than %d access tokens: %q", keptAccessTokens, got)
	}
}

// TestScrubbedErrorKeepsSourceAndType: Grafana's error source and errors.As still work.
func TestScrubbedErrorKeepsSourceAndType(t *testing.T) {
	s := NewScrubber("secret-refresh-token")
	inner := &RedirectError{From: mustURL("https://a.example/x"), To: mustURL("https://b.example/secret-refresh-token"), Status: 302}
	err := s.Error(backend.DownstreamError(fmt.Errorf("wrapped: %w", inner)))
	if strings.Contains(err.Error(), "secret-refresh-token") {
		t.Fatalf("error still holds the secret: %v", err)
	}
	var redirect *RedirectError
	if !errors.As(err, &redirect) || !backend.IsDownstreamError(err) {
		t.Errorf("scrubbing lost the error's type or source: %v", err)
	}
	clean := errors.New("nothing to hide")
	if s.Error(clean) != clean {
		t.Error("a clean error was wrapped")
	}
}

func mustURL(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	return u
}
