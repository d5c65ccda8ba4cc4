// Package bridge guards what crosses between the window's page and Go: what Wails writes to the log of every
// build (Logger).
package bridge
