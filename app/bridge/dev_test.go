//go:build dev

package bridge

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// TestOpenDevGuardsWailsUpgrader checks that OpenDev reached the upgrader of Wails' dev server (its settings,
// not a zero value of this package's own), and that the upgrader then refuses a foreign handshake. Run with
// `go test -tags dev,webkit2_41 ./app/bridge` (make test-go does).
func TestOpenDevGuardsWailsUpgrader(t *testing.T) {
	if wailsUpgrader.ReadBufferSize != 1024 {
		t.Fatalf("wailsUpgrader.ReadBufferSize = %d: not Wails' dev server upgrader", wailsUpgrader.ReadBufferSize)
	}
	env := map[string]string{devServerEnv: testAddr}
	var stderr bytes.Buffer
	g, err := OpenDev(func(k string) string { return env[k] }, &stderr)
	if err != nil || g == nil {
		t.Fatalf("OpenDev = %v, %v", g, err)
	}
	if !strings.Contains(stderr.String(), g.Link()) {
		t.Errorf("the drawn key's link is not printed: %q", stderr.String())
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := wailsUpgrader.Upgrade(w, r, nil); err == nil {
			c.Close()
		}
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	_, resp, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"http://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a foreign origin: %v, %v; want 403", resp, err)
	}
	c, _, err := websocket.DefaultDialer.Dial(url, http.Header{"Origin": {"http://" + testAddr}, "Cookie": {g.cookie + "=" + g.key}})
	if err != nil {
		t.Fatalf("this run's page: %v", err)
	}
	c.Close()
}
