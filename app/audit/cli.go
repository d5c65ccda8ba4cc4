package audit

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"madoguchi/app/store"
)

const cliUsage = `usage: madoguchi audit verify [--full] [--anchor SEQ:HASH]

  verify    check the audit log's whole hash chain, from its first entry;
            print its last entry and hash. The window's check reads only the
            entries written since the last check that found the chain whole
            (its checkpoint); this one reads them all, and moves the
            checkpoint to the last entry when the chain is whole
  --full    the same, said explicitly (the whole chain is the default)
  --anchor  also check that entry SEQ still has HASH (a value printed by an
            earlier verify and kept outside this PC), which catches a log
            rewritten from that entry on

exit status: 0 the chain is whole, 1 it is broken, 2 the check could not run`

// explanations say, for the administrator at a terminal, what each break means.
var explanations = map[Kind]string{
	KindChanged:    "the entry was changed after it was written",
	KindDeleted:    "the entry is missing: it was deleted",
	KindReordered:  "the entry is intact but was moved from another position",
	KindBadGenesis: "the first entry does not start the chain: entries before it were removed or it was replaced",
	KindNoAnchor:   "the log is keyed but its anchor file (madoguchi.db.audit-head beside the database, or this desk's own for a server) is missing or unreadable: the log may have been replaced or cut",
}

// AuditMain runs `madoguchi audit ARGS` on a migrated database: args are
// what follows "audit". It returns the exit status: 0 the chain is whole,
// 1 it is broken (the first broken link is printed), 2 usage or read error.
// Output is English, like the rest of the administrator's command line.
//
// key is the audit key (vault.AuditKey), nil when the database has no data
// key: the MACs are then not checked, and the output says so. The anchor
// file (AnchorPath) is checked either way.
func AuditMain(ctx context.Context, db *store.DB, key []byte, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(stderr, cliUsage)
		return 2
	}
	fs := flag.NewFlagSet("madoguchi audit verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	anchorFlag := fs.String("anchor", "", "SEQ:HASH noted from an earlier verify")
	fs.Bool("full", false, "walk the whole chain (the default anyway)")
	if err := fs.Parse(args[1:]); err != nil || fs.NArg() > 0 {
		fmt.Fprintln(stderr, cliUsage)
		return 2
	}
	var anchor *anchorPoint
	if *anchorFlag != "" {
		a, err := parseAnchor(*anchorFlag)
		if err != nil {
			fmt.Fprintf(stderr, "madoguchi audit verify: %v\n%s\n", err, cliUsage)
			return 2
		}
		anchor = &a
	}

	rep, err := Check{Key: key, Anchor: AnchorPath(db)}.Verify(ctx, db)
	if err != nil {
		fmt.Fprintln(stderr, "madoguchi audit verify:", err)
		return 2
	}
	if !rep.OK() {
		b := rep.Broken
		fmt.Fprintf(stdout, "audit log: BROKEN at entry %d (%s): %s.\n", b.Seq, b.Kind, explanations[b.Kind])
		fmt.Fprintf(stdout, "entries 1 to %d of %d chain correctly. Do not change the database: keep a copy and compare it with a backup.\n", rep.Intact, rep.Entries)
		return 1
	}
	if anchor != nil {
		ok, err := anchor.holds(ctx, db)
		if err != nil {
			fmt.Fprintln(stderr, "madoguchi audit verify:", err)
			return 2
		}
		if !ok {
			fmt.Fprintf(stdout, "audit log: BROKEN: entry %d no longer has the hash noted earlier: the log was rewritten from that entry on, or the entry was deleted.\n", anchor.seq)
			return 1
		}
	}
	// Only now: a chain the anchor shows rewritten must not become the
	// checkpoint the window's check starts from.
	if err := saveCheckpoint(ctx, db, rep, time.Now()); err == nil {
		err = advanceAnchor(ctx, db, rep)
	}
	if err != nil {
		fmt.Fprintln(stderr, "madoguchi audit verify:", err)
		return 2
	}
	fmt.Fprintf(stdout, "audit log: ok, %d entries chain correctly.\n", rep.Entries)
	if rep.Keyless {
		fmt.Fprintln(stdout, "(no data key: the entries' MACs were not checked.)")
	}
	if rep.LastSeq > 0 {
		fmt.Fprintf(stdout, "last entry: %d:%s\n", rep.LastSeq, rep.LastHash)
		fmt.Fprintln(stdout, "Keep that line outside this PC; `madoguchi audit verify --anchor` with it shows whether the log was rewritten since.")
	}
	if anchor != nil {
		fmt.Fprintf(stdout, "anchor: entry %d still has the hash noted.\n", anchor.seq)
	}
	return 0
}

type anchorPoint struct {
	seq  int64
	hash []byte
}

func parseAnchor(s string) (anchorPoint, error) {
	seqText, hashText, ok := strings.Cut(s, ":")
	seq, err := strconv.ParseInt(seqText, 10, 64)
	if !ok || err != nil || seq < 1 {
		return anchorPoint{}, errors.New("--anchor must be SEQ:HASH, as printed on the \"last entry\" line")
	}
	hash, err := hex.DecodeString(hashText)
	if err != nil || len(hash) != hashLen {
		return anchorPoint{}, errors.New("--anchor hash must be 64 hexadecimal digits")
	}
	return anchorPoint{seq: seq, hash: hash}, nil
}

func (a anchorPoint) holds(ctx context.Context, db *store.DB) (bool, error) {
	var hash []byte
	err := db.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE seq = ?`, a.seq).Scan(&hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("read audit entry %d: %w", a.seq, err)
	}
	return string(hash) == string(a.hash), nil
}
