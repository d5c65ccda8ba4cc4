import { Button } from "react-aria-components";
import type { Case, Evaluation, Org } from "../api";
import { BackLink } from "../components/BackLink";
import { PageHeading } from "../components/PageHeading";
import { isoDate, languageName } from "../format";
import { useStaffLanguage, useT } from "../language";
import type { Language } from "../api";
import { daysText, orgLabel } from "./labels";

interface Props {
  c: Case;
  orgs: Org[];
  languages: Language[];
  onBack: () => void;
  onPerson: () => void;
  onSituation: () => void;
  onRefer: (org: string) => void;
  onReferral: (id: number) => void;
}

// CasePage shows one case: the person, the situation's flags and a timeline of its dated deadlines (from
// residency's rules, in Go), the organisations the rules suggest, and the case's referrals.
export function CasePage({ c, orgs, languages, onBack, onPerson, onSituation, onRefer, onReferral }: Props) {
  const t = useT();
  const lang = useStaffLanguage();
  const ev = c.evaluation;
  return (
    <div className="page page--case">
      <BackLink onBack={onBack} label={t("cases.back.home")} />
      <PageHeading caption={t("cases.case.caption")}>{c.person.name}</PageHeading>

      <dl className="summary-list">
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("cases.person.language.label")}</dt>
          <dd className="summary-list__value">{languageName(languages, c.person.language)}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("cases.person.contact.label")}</dt>
          <dd className="summary-list__value pre-line">{c.person.contact}</dd>
        </div>
        <div className="summary-list__row">
          <dt className="summary-list__key">{t("cases.person.notes.label")}</dt>
          <dd className="summary-list__value pre-line">{c.person.notes}</dd>
        </div>
      </dl>
      <Button className="button button--secondary" onPress={onPerson}>
        {t("cases.person.change.button")}
      </Button>

      <h2 className="heading-m">{t("cases.situation.heading")}</h2>
      {!ev && (
        <>
          <p className="body">{t("cases.situation.none")}</p>
          <Button className="button" onPress={onSituation}>
            {t("cases.situation.record")}
          </Button>
        </>
      )}
      {ev && (
        <>
          <p className="body">
            <strong>{t(`residency.category.${ev.category}`)}</strong>
          </p>
          <p className="body">{t(ev.canApply.reason)}</p>
          <CombinedCardAnswer answer={ev.combinedCard} />
          {ev.flags.length > 0 && (
            <>
              <h3 className="heading-s">{t("cases.flags.heading")}</h3>
              <ul className="list list--bullet flags">
                {ev.flags.map((f) => (
                  <li key={f.id}>{t(f.message)}</li>
                ))}
              </ul>
            </>
          )}
          <h3 className="heading-s" id="timeline-heading">
            {t("cases.timeline.heading")}
          </h3>
          {ev.deadlines.length === 0 ? (
            <p className="body">{t("cases.timeline.none")}</p>
          ) : (
            <ol className="timeline" aria-labelledby="timeline-heading">
              {ev.deadlines.map((d) => (
                <li key={d.id} className={`timeline__item timeline__item--${d.status}`}>
                  <span className="timeline__date">{isoDate(lang, d.date)}</span>{" "}
                  <span className={`tag tag--${d.status === "overdue" ? "overdue" : d.status === "due_soon" ? "due" : d.status === "met" ? "ready" : "later"}`}>
                    {d.status === "met" ? t(d.statusMessage) : daysText(t, d.daysLeft)}
                  </span>{" "}
                  <span className="timeline__what">{t(d.message)}</span>
                </li>
              ))}
            </ol>
          )}
          <Button className="button button--secondary" onPress={onSituation}>
            {t("cases.situation.change")}
          </Button>

          {ev.referrals.length > 0 && (
            <>
              <h3 className="heading-s">{t("cases.suggested.heading")}</h3>
              <ul className="list suggested">
                {ev.referrals.map((r) => (
                  <li key={r.org}>
                    <strong>{orgLabel(orgs, r.org, lang)}</strong>
                    <ul className="list list--bullet">
                      {r.reasons.map((id) => (
                        <li key={id}>{t(id)}</li>
                      ))}
                    </ul>
                    <Button className="link-button" onPress={() => onRefer(r.org)}>
                      {t("cases.refer.to", { Org: orgLabel(orgs, r.org, lang) })}
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}

      <h2 className="heading-m">{t("cases.referrals.heading")}</h2>
      {c.referrals.length === 0 ? (
        <p className="body">{t("cases.referrals.none")}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t("cases.referrals.heading")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("cases.referral.org.label")}</th>
              <th scope="col">{t("cases.referral.status.label")}</th>
              <th scope="col">{t("cases.referral.followUp.label")}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {c.referrals.map((r) => (
              <tr key={r.id}>
                <td>{orgLabel(orgs, r.org, lang)}</td>
                <td>
                  <span className="tag">{t(`cases.referral.status.${r.status}`)}</span>
                </td>
                <td>{r.followUp ? isoDate(lang, r.followUp) : ""}</td>
                <td>
                  <Button className="link-button" onPress={() => onReferral(r.id)}>
                    {t("cases.referral.open")}
                    <span className="visually-hidden"> {orgLabel(orgs, r.org, lang)}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Button className="button" onPress={() => onRefer("")}>
        {t("cases.refer.button")}
      </Button>
    </div>
  );
}

// CombinedCardAnswer says whether the person may ask for the 特定在留カード (特定特別永住者証明書) instead of two
// cards, from when, and where; nothing when they may not (the category already says why).
function CombinedCardAnswer({ answer }: { answer: Evaluation["combinedCard"] | undefined }) {
  const t = useT();
  const lang = useStaffLanguage();
  if (!answer || answer.answer === "no") return null;
  return (
    <div className="combined-card">
      <p className="body">
        {t(answer.reason)}
        {answer.from && (
          <>
            {" "}
            <strong>{isoDate(lang, answer.from)}</strong>
          </>
        )}
      </p>
      {answer.where && answer.where.length > 0 && (
        <ul className="list list--bullet">
          {answer.where.map((w) => (
            <li key={w}>{t(w)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
