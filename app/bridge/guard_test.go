package bridge

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

const (
	testAddr = "127.0.0.1:34115"
	testKey  = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)

func testGuard(t *testing.T, warn func(error)) *Guard {
	t.Helper()
	g, err := NewGuard(testAddr, testKey, warn)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestNewGuardRefuses(t *testing.T) {
	tests := []struct{ name, addr, key string }{
		{"an address without a port", "localhost", testKey},
		{"no key", testAddr, ""},
		{"a short key", testAddr, "0123456789abcdef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewGuard(tt.addr, tt.key, nil); err == nil {
				t.Errorf("NewGuard(%q, %q) = nil error", tt.addr, tt.key)
			}
		})
	}
}

// TestAdmit plays the handshakes of the outside test: a web page elsewhere (its own Origin; a browser sends
// no SameSite=Strict cookie cross-site), a page on another port of the same host (same site, so the browser
// sends the cookie), a local process forging the origin without the key, and the page this run serves.
func TestAdmit(t *testing.T) {
	tests := []struct {
		name   string
		origin string
		cookie *http.Cookie
		want   error
	}{
		{"a page on another site", "http://evil.example", nil, ErrForeignOrigin},
		{"a page on another site that has the key", "http://evil.example", &http.Cookie{Name: "madoguchi-bridge-34115", Value: testKey}, ErrForeignOrigin},
		{"a page on another port of the host, whose cookie the browser sends", "http://127.0.0.1:8080", &http.Cookie{Name: "madoguchi-bridge-34115", Value: testKey}, ErrForeignOrigin},
		{"the same host by another name", "http://localhost:34115", &http.Cookie{Name: "madoguchi-bridge-34115", Value: testKey}, ErrForeignOrigin},
		{"no Origin at all", "", &http.Cookie{Name: "madoguchi-bridge-34115", Value: testKey}, ErrForeignOrigin},
		{"a process forging the origin, without the key", "http://" + testAddr, nil, ErrNoKey},
		{"a process forging the origin, with a wrong key", "http://" + testAddr, &http.Cookie{Name: "madoguchi-bridge-34115", Value: strings.Repeat("0", 64)}, ErrNoKey},
		{"the key under another port's name", "http://" + testAddr, &http.Cookie{Name: "madoguchi-bridge-34116", Value: testKey}, ErrNoKey},
		{"the page this run serves", "http://" + testAddr, &http.Cookie{Name: "madoguchi-bridge-34115", Value: testKey}, nil},
	}
	g := testGuard(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "http://"+testAddr+"/wails/ipc", nil)
			if tt.origin != "" {
				r.Header.Set("Origin", tt.origin)
			}
			if tt.cookie != nil {
				r.AddCookie(tt.cookie)
			}
			if err := g.Admit(r); !errors.Is(err, tt.want) {
				t.Errorf("Admit = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestCheckOriginRefusesTheHandshake opens real WebSockets against a gorilla upgrader checking with the Guard,
// as Wails' dev server does once OpenDev has set it: a refused handshake gets no socket.
func TestCheckOriginRefusesTheHandshake(t *testing.T) {
	var warned []error
	g := testGuard(t, func(err error) { warned = append(warned, err) })
	up := websocket.Upgrader{CheckOrigin: g.CheckOrigin}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err == nil {
			c.Close()
		}
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/wails/ipc"
	tests := []struct {
		name   string
		header http.Header
		want   int
	}{
		{"a foreign origin without the key", http.Header{"Origin": {"http://evil.example"}}, http.StatusForbidden},
		{"the own origin without the key", http.Header{"Origin": {"http://" + testAddr}}, http.StatusForbidden},
		{"the own origin with the key", http.Header{"Origin": {"http://" + testAddr}, "Cookie": {"madoguchi-bridge-34115=" + testKey}}, http.StatusSwitchingProtocols},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, resp, err := websocket.DefaultDialer.Dial(url, tt.header)
			if c != nil {
				c.Close()
			}
			if resp == nil {
				t.Fatalf("no answer: %v", err)
			}
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d (%v)", resp.StatusCode, tt.want, err)
			}
		})
	}
	if len(warned) != 1 {
		t.Errorf("warned %d times, want once: %v", len(warned), warned)
	}
}

func TestMiddleware(t *testing.T) {
	tests := []struct {
		name       string
		target     string
		wantStatus int
		wantCookie bool
		wantTo     string // Location
		wantNext   bool
	}{
		{"the link with this run's key", "/?bridge=" + testKey, http.StatusSeeOther, true, "/", false},
		{"the link keeps other parameters", "/?lang=en&bridge=" + testKey, http.StatusSeeOther, true, "/?lang=en", false},
		{"a link with another key", "/?bridge=" + strings.Repeat("0", 64), http.StatusForbidden, false, "", false},
		{"a link with an empty key", "/?bridge=", http.StatusForbidden, false, "", false},
		{"the page", "/", http.StatusOK, false, "", true},
		{"an asset", "/assets/index.js", http.StatusOK, false, "", true},
	}
	g := testGuard(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called = true })
			w := httptest.NewRecorder()
			g.Middleware(next).ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://"+testAddr+tt.target, nil))
			res := w.Result()
			if res.StatusCode != tt.wantStatus || called != tt.wantNext {
				t.Fatalf("status %d, next called %v; want %d, %v", res.StatusCode, called, tt.wantStatus, tt.wantNext)
			}
			if got := res.Header.Get("Location"); got != tt.wantTo {
				t.Errorf("Location %q, want %q", got, tt.wantTo)
			}
			cookies := res.Cookies()
			if !tt.wantCookie {
				if len(cookies) != 0 {
					t.Errorf("cookies set: %v", cookies)
				}
				return
			}
			if len(cookies) != 1 {
				t.Fatalf("cookies %v, want one", cookies)
			}
			c := cookies[0]
			if c.Name != "madoguchi-bridge-34115" || c.Value != testKey || c.Path != "/" || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("cookie %s: want madoguchi-bridge-34115, the key, Path=/, HttpOnly, SameSite=Strict", c.String())
			}
		})
	}
}
