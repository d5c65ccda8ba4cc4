import type { Problem } from "../api";
import { PinEntry } from "./PinEntry";
import { ReaderPanel } from "./ReaderPanel";
import { PinLockedPanel, TriesPanel } from "./TriesPanel";
import type { CardReader } from "./useCardReader";

// PinState is what a page that reads the card with its card-info PIN shows: the card's tries, whether the PIN is
// locked, whether to ask for it, and whether this is the last try (which needs an explicit confirmation).
export interface PinState {
  status: CardReader["status"];
  blocked: boolean;
  askPin: boolean;
  lastTry: boolean;
  fields: string[]; // the fields of the page's error summary
}

// pinState works it out from the reader; read is set once the page has what it wanted from the card.
export function pinState(card: CardReader, lastTryAsked: boolean, read = false): PinState {
  const status = card.presence === "present" && !read ? card.status : null;
  const myNumberCard = !!status?.myNumberCard;
  const blocked = myNumberCard && status!.tries.cardInfo <= 0;
  const askPin = myNumberCard && !blocked;
  const lastTry = askPin && (status!.tries.cardInfo === 1 || lastTryAsked);
  const fields = [
    ...(card.readers && card.readers.length > 1 ? ["reader"] : []),
    ...(askPin ? ["pin", ...(lastTry ? ["confirmLastTry"] : [])] : []),
  ];
  return { status, blocked, askPin, lastTry, fields };
}

// CardPinSection is the reader, the card's tries, and the PIN entry when a try may be spent.
export function CardPinSection({ applicantLanguage, card, state, problems, onRead }: {
  applicantLanguage: string;
  card: CardReader;
  state: PinState;
  problems: Problem[];
  onRead: (pin: string, confirmLastTry: boolean) => void;
}) {
  return (
    <>
      <ReaderPanel card={card} />
      {state.status && <TriesPanel status={state.status} />}
      {state.blocked && <PinLockedPanel applicantLanguage={applicantLanguage} />}
      {state.askPin && <PinEntry applicantLanguage={applicantLanguage} lastTry={state.lastTry} problems={problems} onRead={onRead} />}
    </>
  );
}
