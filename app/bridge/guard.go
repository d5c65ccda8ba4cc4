package bridge

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
)

// KeyEnv gives a dev or e2e build the key its bridge asks for (the e2e harness sets it); without it the app
// draws one at start and prints the link that hands it to a browser.
const KeyEnv = "MADOGUCHI_DEV_BRIDGE_KEY"

// keyParam is the query parameter of the link that hands the key to a browser: /?bridge=KEY.
const keyParam = "bridge"

// minKeyLen keeps a key given through KeyEnv as hard to guess as one drawn by NewKey (hex of 32 bytes).
const minKeyLen = 64

// Guard admits to the dev server's bridge only the page this run serves: a WebSocket handshake must come from
// the dev server's own origin (what a browser sends and a page elsewhere cannot forge) and carry this run's key
// in a cookie (what a local process that forges the origin does not have). The cookie is HttpOnly and
// SameSite=Strict: no script reads it, and a page on another site cannot make the browser send it.
type Guard struct {
	origin string // "http://" + the address the dev server listens on
	key    string
	cookie string // its name holds the port: a browser keeps cookies per host, not per port
	link   string

	warn     func(reason error) // told of the first refusal, to say what to do
	warnOnce sync.Once
}

// NewKey draws a bridge key: 32 random bytes in hex.
func NewKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("draw bridge key: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// NewGuard guards the dev server listening on addr (host:port, as the browser is to open it) with key. warn,
// if not nil, is told of the first refused handshake.
func NewGuard(addr, key string, warn func(reason error)) (*Guard, error) {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dev bridge address %q: %w", addr, err)
	}
	if len(key) < minKeyLen {
		return nil, fmt.Errorf("dev bridge key: %d characters, at least %d needed", len(key), minKeyLen)
	}
	return &Guard{
		origin: "http://" + addr,
		key:    key,
		cookie: "madoguchi-bridge-" + port,
		link:   "http://" + addr + "/?" + keyParam + "=" + key,
		warn:   warn,
	}, nil
}

// Link is the address that hands this run's key to a browser, then shows the page.
func (g *Guard) Link() string { return g.link }

// Refusals of a WebSocket handshake, by what it lacked.
var (
	ErrForeignOrigin = errors.New("the handshake does not come from the dev server's own page (Origin)")
	ErrNoKey         = errors.New("the handshake does not carry this run's bridge key (cookie)")
)

// Admit says why the bridge's WebSocket handshake r is refused, or nil when it may open.
func (g *Guard) Admit(r *http.Request) error {
	if r.Header.Get("Origin") != g.origin {
		return ErrForeignOrigin
	}
	c, err := r.Cookie(g.cookie)
	if err != nil || !g.isKey(c.Value) {
		return ErrNoKey
	}
	return nil
}

// CheckOrigin is Admit in the shape of gorilla/websocket's Upgrader.CheckOrigin, which Wails' dev server
// calls before it opens the bridge; a refusal is answered 403.
func (g *Guard) CheckOrigin(r *http.Request) bool {
	err := g.Admit(r)
	if err != nil && g.warn != nil {
		// A page left open without the key retries twice a second: say it once.
		g.warnOnce.Do(func() { g.warn(err) })
	}
	return err == nil
}

// Middleware wraps the dev server's page handler (options.App.AssetServer.Middleware): the link carrying the
// key sets the key's cookie and sends the browser on to the page without the key in its address; every other
// request passes untouched.
func (g *Guard) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.Query().Has(keyParam) {
			next.ServeHTTP(w, r)
			return
		}
		g.handOver(w, r)
	})
}

func (g *Guard) handOver(w http.ResponseWriter, r *http.Request) {
	if !g.isKey(r.URL.Query().Get(keyParam)) {
		http.Error(w, "This dev bridge link is not this run's: open the link Madoguchi printed when it started.", http.StatusForbidden)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: g.cookie, Value: g.key, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	u := *r.URL
	q := u.Query()
	q.Del(keyParam)
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
}

func (g *Guard) isKey(s string) bool {
	return subtle.ConstantTimeCompare([]byte(s), []byte(g.key)) == 1
}
