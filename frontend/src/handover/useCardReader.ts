import { useCallback, useEffect, useRef, useState } from "react";
import { asFailure, onBackendEvent, type CardEvent, type CardProgress, type CardStatus, type PinTries, type Problem, type Reader } from "../api";
import { desk, endsSession } from "../desk";

// Where the card is, as far as this page knows: no reader chosen, waiting for a card, a card on the reader,
// or the card taken off.
export type Presence = "noReader" | "waiting" | "present" | "removed";

export interface CardReader {
  readers: Reader[] | null; // null until the first ListReaders answers
  reader: string; // the reader in use, "" when there is none
  presence: Presence;
  status: CardStatus | null; // of the card on the reader (read without a PIN)
  reading: boolean; // a read of the card is under way
  progress: CardProgress | null; // the latest "card:progress" of that read
  chooseReader: (name: string) => void;
  lookAgain: () => void; // list the readers again
  setCardInfoTries: (tries: number) => void; // what a refused PIN said is left
  track: <T>(read: () => Promise<T>) => Promise<T>; // show the progress indicator while read runs
}

interface Options {
  onProblems: (problems: Problem[]) => void;
  onInserted: () => void; // a card was put on the reader in use: whatever was read before is about another card
}

// useCardReader follows the card readers and the card on the one in use: it lists the readers, listens to the
// backend's "card:event" and "card:progress", and reads the card's status (never with a PIN) as soon as a card
// is on the reader. Everything it knows lives in this component's state, so it goes when the page goes.
export function useCardReader({ onProblems, onInserted }: Options): CardReader {
  const [readers, setReaders] = useState<Reader[] | null>(null);
  const [reader, setReader] = useState("");
  const [presence, setPresence] = useState<Presence>("noReader");
  const [status, setStatus] = useState<CardStatus | null>(null);
  const [reads, setReads] = useState(0);
  const [progress, setProgress] = useState<CardProgress | null>(null);

  const live = useRef(true);
  const current = useRef(""); // the reader in use, for event handlers
  const known = useRef<Reader[]>([]); // the readers as last listed, with card presence kept up to date
  const statusRead = useRef(0); // numbers the status reads, so that only the latest one's answer is shown
  const handlers = useRef({ onProblems, onInserted });
  useEffect(() => {
    handlers.current = { onProblems, onInserted };
  });

  const fail = useCallback((err: unknown) => {
    const failure = asFailure(err);
    if (live.current && !endsSession(failure)) handlers.current.onProblems(failure.problems);
  }, []);

  const track = useCallback(async <T,>(read: () => Promise<T>): Promise<T> => {
    setProgress(null);
    setReads((n) => n + 1);
    try {
      return await read();
    } finally {
      if (live.current) setReads((n) => n - 1);
    }
  }, []);

  const readStatus = useCallback(
    async (name: string) => {
      const mine = ++statusRead.current;
      try {
        const s = await track(() => desk.CardStatus(name));
        if (live.current && mine === statusRead.current && current.current === name) setStatus(s);
      } catch (err) {
        if (mine === statusRead.current) fail(err);
      }
    },
    [fail, track],
  );

  const use = useCallback(
    (name: string, list: Reader[]) => {
      current.current = name;
      statusRead.current++;
      setReader(name);
      setStatus(null);
      const r = list.find((x) => x.name === name);
      if (!r) setPresence("noReader");
      else if (r.cardPresent) {
        setPresence("present");
        void readStatus(name);
      } else setPresence("waiting");
    },
    [readStatus],
  );

  const list = useCallback(async () => {
    try {
      const found = await desk.ListReaders();
      if (!live.current) return;
      known.current = found;
      setReaders(found);
      if (found.some((r) => r.name === current.current)) return; // the reader in use is still there
      const pick = found.find((r) => r.cardPresent) ?? found[0];
      use(pick?.name ?? "", found);
    } catch (err) {
      fail(err);
    }
  }, [fail, use]);

  useEffect(() => {
    live.current = true;
    void list();
    const offEvent = onBackendEvent<CardEvent>("card:event", (e) => {
      if (!live.current) return;
      if (e.kind === "readerAdded" || e.kind === "readerRemoved") {
        void list();
        return;
      }
      const present = e.kind === "inserted";
      known.current = known.current.map((r) => (r.name === e.reader ? { ...r, cardPresent: present } : r));
      setReaders(known.current);
      if (e.reader !== current.current) return;
      statusRead.current++;
      setStatus(null);
      setPresence(present ? "present" : "removed");
      if (present) {
        handlers.current.onInserted();
        void readStatus(e.reader);
      }
    });
    const offProgress = onBackendEvent<CardProgress>("card:progress", (p) => {
      if (live.current && p.reader === current.current) setProgress(p);
    });
    return () => {
      live.current = false;
      offEvent();
      offProgress();
    };
  }, [list, readStatus]);

  const chooseReader = useCallback(
    (name: string) => {
      if (name === current.current) return;
      handlers.current.onInserted();
      use(name, known.current);
    },
    [use],
  );

  const setCardInfoTries = useCallback((tries: number) => {
    setStatus((s) => (s ? { ...s, tries: { ...s.tries, cardInfo: tries } satisfies PinTries } : s));
  }, []);

  return {
    readers, reader, presence, status, reading: reads > 0, progress, chooseReader,
    lookAgain: () => void list(), setCardInfoTries, track,
  };
}
