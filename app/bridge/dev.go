//go:build dev

package bridge

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	_ "unsafe" // go:linkname

	"github.com/gorilla/websocket"
	_ "github.com/wailsapp/wails/v2" // links Wails' dev server, whose upgrader is reached below
)

// wailsUpgrader is the upgrader of Wails' dev server (v2.11.0, internal/frontend/devserver): it opens the
// bridge on /wails/ipc, and its CheckOrigin admits every origin. It is the one place that sees the handshake:
// the dev server routes /wails/ipc itself, before the AssetServer Middleware, which serves pages only; and the
// runtime's WebSocket (ipc_websocket.js) opens ws://<page host>/wails/ipc with nothing but what the browser
// adds (Origin, cookies). Wails offers no option for it, so it is reached by its symbol.
//
//go:linkname wailsUpgrader github.com/wailsapp/wails/v2/internal/frontend/devserver.upgrader
var wailsUpgrader websocket.Upgrader

// devServerEnv is where Wails' dev mode reads the dev server's address (wails dev and the e2e harness set it).
const devServerEnv = "devserver"

// OpenDev guards the bridge of this dev build's dev server: it makes Wails' upgrader ask the Guard, which it
// returns for its Middleware. The key is KeyEnv's, or drawn here, and then the link that hands it to a browser
// is printed on stderr. A dev build whose upgrader is not where this file reaches it refuses to start rather
// than serve a bridge anyone can use.
func OpenDev(getenv func(string) string, stderr io.Writer) (*Guard, error) {
	if wailsUpgrader.CheckOrigin == nil || wailsUpgrader.ReadBufferSize == 0 {
		return nil, errors.New("dev bridge: Wails' dev server upgrader was not found (a Wails version this code does not know?): refusing to serve an unguarded bridge")
	}
	addr := getenv(devServerEnv)
	if addr == "" {
		// No dev server is served; should one be all the same, its bridge stays shut.
		wailsUpgrader.CheckOrigin = func(*http.Request) bool { return false }
		return nil, nil
	}
	key, drawn := getenv(KeyEnv), false
	if key == "" {
		var err error
		if key, err = NewKey(); err != nil {
			return nil, err
		}
		drawn = true
	}
	warn := func(reason error) {
		fmt.Fprintf(stderr, "dev bridge: refused a WebSocket to the Go bridge: %v; open the link printed at start\n", reason)
	}
	g, err := NewGuard(addr, key, warn)
	if err != nil {
		return nil, fmt.Errorf("dev bridge: %w", err)
	}
	wailsUpgrader.CheckOrigin = g.CheckOrigin
	if drawn {
		fmt.Fprintf(stderr, "dev bridge: to use the Go bridge from a browser, open %s (this run only; the window needs no link)\n", g.Link())
	}
	return g, nil
}
