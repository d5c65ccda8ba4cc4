// Madoguchi is the desk application for My Number Card counters: with no
// arguments it opens the window, otherwise it runs a command-line subcommand.
package main

import (
	"context"
	"embed"
	"fmt"
	"log/slog"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"madoguchi/app/bridge"
	"madoguchi/app/cli"
	"madoguchi/app/desk"
	"madoguchi/app/i18n"
	"madoguchi/app/store"
	"madoguchi/app/vault"
	"madoguchi/locales"
)

//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time: -ldflags "-X main.version=...".
var version = "dev"

func main() {
	ctx := context.Background()
	catalog, err := i18n.Load(locales.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, "madoguchi: message catalog:", err)
		os.Exit(2)
	}
	inv, err := cli.Parse(os.Args[1:])
	if err != nil || len(inv.Command) > 0 {
		if err != nil {
			fmt.Fprintln(os.Stderr, "madoguchi:", err)
			os.Exit(2)
		}
		os.Exit(cli.Run(ctx, inv, cli.Env{
			Version: version, Stdin: cli.StdinUnlessTerminal(), Stdout: os.Stdout, StdoutTerminal: cli.IsTerminal(os.Stdout),
			Stderr: os.Stderr, Getenv: os.Getenv, Catalog: catalog,
		}))
	}
	if err := runWindow(ctx, inv, catalog); err != nil {
		fmt.Fprintln(os.Stderr, "madoguchi:", err)
		os.Exit(1)
	}
}

// runWindow opens the database and the window. A database that cannot be
// opened still gets a window, which explains what is wrong.
func runWindow(ctx context.Context, inv cli.Invocation, catalog *i18n.Catalog) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	deps := desk.Deps{Version: version, Catalog: catalog, Log: logger,
		Emit: func(ctx context.Context, name string, data any) { runtime.EventsEmit(ctx, name, data) },
		SaveFile: func(ctx context.Context, title, defaultName string) (string, error) {
			return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
				Title: title, DefaultFilename: defaultName,
				Filters: []runtime.FileFilter{{DisplayName: "CSV (*.csv)", Pattern: "*.csv"}},
			})
		},
	}
	loc, err := store.Locate(inv.DataDirFlag, inv.DatabaseFlag, os.Getenv)
	if err != nil {
		return err
	}
	deps.DataDir, deps.Database = loc.DataDir, loc.DatabaseURL
	if db := desk.Wire(ctx, &deps, keyring(logger)); db != nil {
		defer db.Close()
	}
	d := desk.New(deps)
	assetServer, err := assetOptions()
	if err != nil {
		return err
	}
	return wails.Run(&options.App{
		Title:            "Madoguchi 窓口",
		Width:            1200,
		Height:           860,
		MinWidth:         800,
		MinHeight:        600,
		AssetServer:      assetServer,
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 1},
		OnStartup:        d.Startup,
		Bind:             []any{d},
		ErrorFormatter:   desk.FormatError,
		// Wails writes the page's messages into its log lines (a call whose arguments do not parse, whole):
		// bridge.Logger withholds them.
		Logger: bridge.NewLogger(os.Stderr),
	})
}

// assetOptions serves the embedded page. A dev or e2e build also serves it, and the Go bridge, on a local port
// to any browser: there the bridge admits only this run's page (bridge.OpenDev), whose key the Middleware hands
// over. A production build has no dev server and no Middleware.
func assetOptions() (*assetserver.Options, error) {
	opts := &assetserver.Options{Assets: assets}
	guard, err := bridge.OpenDev(os.Getenv, os.Stderr)
	if err != nil {
		return nil, err
	}
	if guard != nil {
		opts.Middleware = guard.Middleware
	}
	return opts, nil
}

// keyring is where this PC keeps the data key so that the passphrase is
// asked only once (vault.DefaultKeyring).
func keyring(logger *slog.Logger) vault.Keyring {
	kr, err := vault.DefaultKeyring(os.Getenv)
	if err != nil {
		logger.Warn("no keyring: the data passphrase will be asked at each start", "err", err)
	}
	return kr
}
