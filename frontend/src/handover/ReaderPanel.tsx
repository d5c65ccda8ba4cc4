import { useId } from "react";
import { Button, Label, ProgressBar } from "react-aria-components";
import type { CardProgress } from "../api";
import { SelectChoice } from "../components/fields";
import { useT } from "../language";
import { Heading, type HeadingLevel } from "./Heading";
import type { CardReader, Presence } from "./useCardReader";

const presenceText: Record<Presence, string> = {
  noReader: "handover.reader.none.title",
  waiting: "handover.card.waiting",
  present: "handover.card.present",
  removed: "handover.card.removed",
};

// ReaderPanel shows the card reader in use (a choice when there are several, guidance when there is none),
// where the card is, live, and a progress indicator while the card is being read. level is its heading's level:
// 2 on a page of its own (handover), 3 inside a section (the counter home's card check).
export function ReaderPanel({ card, level = 2 }: { card: CardReader; level?: HeadingLevel }) {
  const t = useT();
  const headingId = useId();
  const { readers, reader, presence } = card;
  return (
    <section className="handover-section" aria-labelledby={headingId}>
      <Heading level={level} id={headingId}>
        {t("handover.reader.heading")}
      </Heading>
      {readers === null ? (
        <p className="body">{t("common.loading")}</p>
      ) : readers.length > 1 ? (
        <SelectChoice
          name="reader"
          label={t("handover.reader.label")}
          options={readers.map((r) => ({ value: r.name, label: r.name }))}
          value={reader}
          onChange={(name) => name && card.chooseReader(name)}
        />
      ) : readers.length === 1 ? (
        <p className="body">{t("handover.reader.one", { Name: reader })}</p>
      ) : null}
      {/* Always in the page, so that a change of its text is announced. */}
      <p className={`card-presence card-presence--${presence}`} role="status">
        {readers === null ? "" : t(presenceText[presence])}
      </p>
      {readers !== null && readers.length === 0 && (
        <div className="inset">
          <p className="body">{t("handover.reader.none.text")}</p>
          <Button className="button button--secondary" onPress={card.lookAgain}>
            {t("handover.reader.lookAgain")}
          </Button>
        </div>
      )}
      {card.reading && <ReadingProgress progress={card.progress} />}
      <p className="visually-hidden" aria-live="polite">
        {card.reading ? readingText(t, card.progress) : ""}
      </p>
    </section>
  );
}

function readingText(t: ReturnType<typeof useT>, progress: CardProgress | null) {
  return progress && progress.total > 0 && progress.done > 0
    ? t("handover.reading.step", { Done: progress.done, Total: progress.total })
    : t("handover.reading");
}

// ReadingProgress is the progress bar of a read, moved on by the backend's "card:progress" events.
function ReadingProgress({ progress }: { progress: CardProgress | null }) {
  const t = useT();
  const known = !!progress && progress.total > 0;
  return (
    <ProgressBar
      className="progress"
      value={known ? progress.done : 0}
      maxValue={known ? progress.total : 1}
      isIndeterminate={!known}
      valueLabel={known && progress.done > 0 ? readingText(t, progress) : undefined}
    >
      {({ percentage }) => (
        <>
          <Label className="progress__label">{t("handover.reading")}</Label>
          <div className="progress__track" aria-hidden="true">
            <div
              className={known ? "progress__fill" : "progress__fill progress__fill--indeterminate"}
              style={known ? { width: `${percentage ?? 0}%` } : undefined}
            />
          </div>
        </>
      )}
    </ProgressBar>
  );
}
