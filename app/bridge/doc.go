// Package bridge guards what crosses between the window's page and Go: the dev server's WebSocket bridge of dev
// and e2e builds (Guard, OpenDev), and what Wails writes to the log of every build (Logger).
package bridge
