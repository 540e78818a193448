package upstream

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Redacted replaces a secret wherever one would have been shown.
const Redacted = "[redacted]"

const (
	// minSecretLen keeps absurdly short "secrets" from shredding ordinary text; real tokens
	// are dozens of characters long.
	minSecretLen = 6
	// keptAccessTokens bounds how many expired access tokens are still scrubbed: an access
	// token lives 5 minutes, so this covers the last hour and more.
	keptAccessTokens = 16
)

// Scrubber removes one data source's secrets from everything that came from upstream before
// it reaches a user or a log: answers are scrubbed as they are read, and errors, notices,
// health messages and resource bodies once more at the plugin boundary. An upstream that
// echoes a request (a 400 quoting the Authorization header, a debug page) can then never
// hand a token on. A nil Scrubber scrubs nothing.
type Scrubber struct {
	mu        sync.RWMutex
	permanent []string // the stored refresh token, rotated ones, the Nezha token
	recent    []string // access tokens, oldest first
	forms     []string // every secret in every encoding it may be echoed in
	replacer  *strings.Replacer
}

// NewScrubber returns a scrubber for the given secrets; empty ones are ignored.
func NewScrubber(secrets ...string) *Scrubber {
	s := &Scrubber{}
	for _, secret := range secrets {
		s.Add(secret)
	}
	return s
}

// Add scrubs secret for the life of the data-source instance.
func (s *Scrubber) Add(secret string) {
	if s == nil || len(secret) < minSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(s.permanent, secret) {
		s.permanent = append(s.permanent, secret)
		s.rebuild()
	}
}

// AddAccessToken scrubs a short-lived token, together with the last few it replaced.
func (s *Scrubber) AddAccessToken(token string) {
	if s == nil || len(token) < minSecretLen {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.recent, token) {
		return
	}
	s.recent = append(s.recent, token)
	if len(s.recent) > keptAccessTokens {
		s.recent = slices.Delete(s.recent, 0, len(s.recent)-keptAccessTokens)
	}
	s.rebuild()
}

// rebuild lists each secret as sent and in the encodings an echo may use: query and path
// escaping, and JSON string escaping.
func (s *Scrubber) rebuild() {
	seen := map[string]bool{}
	s.forms = s.forms[:0]
	for _, secret := range slices.Concat(s.permanent, s.recent) {
		quoted, _ := json.Marshal(secret)
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), string(quoted[1 : len(quoted)-1])} {
			if !seen[form] {
				seen[form] = true
				s.forms = append(s.forms, form)
			}
		}
	}
	// Longer forms first, so an encoding that contains the raw secret is replaced whole.
	slices.SortFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(s.forms))
	for _, form := range s.forms {
		pairs = append(pairs, form, Redacted)
	}
	s.replacer = strings.NewReplacer(pairs...)
}

// String returns text without any secret.
func (s *Scrubber) String(text string) string {
	if s == nil {
		return text
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.replacer == nil || !s.containsAny(text) {
		return text
	}
	return s.replacer.Replace(text)
}

// Bytes returns body without any secret; a clean body comes back as it is, without a copy.
func (s *Scrubber) Bytes(body []byte) []byte {
	if s == nil {
		return body
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.replacer == nil || !slices.ContainsFunc(s.forms, func(form string) bool { return bytes.Contains(body, []byte(form)) }) {
		return body
	}
	return []byte(s.replacer.Replace(string(body)))
}

// containsAny is the cheap check that lets clean text skip the replacer.
func (s *Scrubber) containsAny(text string) bool {
	return slices.ContainsFunc(s.forms, func(form string) bool { return strings.Contains(text, form) })
}

// Error returns err, or when its text holds a secret, an error with the scrubbed text that
// still unwraps to err, so its error source and type are kept.
func (s *Scrubber) Error(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	if clean := s.String(text); clean != text {
		return &scrubbedError{text: clean, err: err}
	}
	return err
}

type scrubbedError struct {
	text string
	err  error
}

func (e *scrubbedError) Error() string { return e.text }
func (e *scrubbedError) Unwrap() error { return e.err }
