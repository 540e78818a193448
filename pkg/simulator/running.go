package simulator

import (
	"context"
	"net"
	"net/http"
	"time"
)

// Running is a simulator listening on a real socket; it embeds the
// Simulator, so all control methods (SetFaults, Calls, ...) are available.
type Running struct {
	*Simulator
	srv  *http.Server
	ln   net.Listener
	url  string
	done chan struct{}
}

// Start serves a new simulator on 127.0.0.1 with a free port.
func Start(opts Options) (*Running, error) { return StartAt("127.0.0.1:0", opts) }

// StartAt serves a new simulator on addr (host:port; port 0 picks a free one).
func StartAt(addr string, opts Options) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	rs := &Running{
		Simulator: New(opts),
		ln:        ln,
		url:       "http://" + ln.Addr().String(),
		done:      make(chan struct{}),
	}
	rs.srv = &http.Server{Handler: rs.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(rs.done)
		// Serve returns ErrServerClosed on Close; any other error means the
		// listener broke, which Close then reports no differently.
		_ = rs.srv.Serve(ln)
	}()
	return rs, nil
}

// URL is the base URL, e.g. http://127.0.0.1:8085.
func (r *Running) URL() string { return r.url }

// APIURL is the SCP API base (URL + "/scp-core").
func (r *Running) APIURL() string { return r.url + APIPrefix }

// AuthURL is the Keycloak OIDC base (URL + "/realms/scp/protocol/openid-connect").
func (r *Running) AuthURL() string { return r.url + AuthPrefix }

// Close stops accepting requests and waits briefly for in-flight ones.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	if err != nil {
		_ = r.srv.Close()
	}
	<-r.done
	return err
}
