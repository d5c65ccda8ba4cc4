package store

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// A server that accepts the connection and then says nothing (a half-dead
// host, a firewall that swallows packets) is given up after the connect
// timeout, not waited on: the desk can say the server cannot be reached.
func TestSilentServerIsGivenUp(t *testing.T) {
	t.Parallel() // waits out the default connect timeout
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	start := time.Now()
	_, err = OpenPostgres(context.Background(), "postgres://desk@"+ln.Addr().String()+"/madoguchi?sslmode=disable", t.TempDir())
	if err == nil {
		t.Fatal("a server that never answers was opened")
	}
	if waited := time.Since(start); waited > connectTimeout+5*time.Second {
		t.Errorf("waited %v for a silent server; the default connect timeout is %v", waited, connectTimeout)
	}
}

// Without connect_timeout in the URL a desk still waits only so long.
func TestConnectTimeoutDefault(t *testing.T) {
	for _, c := range []struct {
		url  string
		want time.Duration
	}{
		{"postgres://desk@db.example/madoguchi", connectTimeout},
		{"postgres://desk@db.example/madoguchi?connect_timeout=3", 3 * time.Second},
	} {
		cfg, err := pgx.ParseConfig(c.url)
		if err != nil {
			t.Fatal(err)
		}
		bound(cfg)
		if cfg.ConnectTimeout != c.want || cfg.DialFunc == nil {
			t.Errorf("%s: connect timeout %v, want %v", c.url, cfg.ConnectTimeout, c.want)
		}
	}
}
