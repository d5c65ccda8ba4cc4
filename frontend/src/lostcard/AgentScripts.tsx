import type { Language } from "../api";
import { languageName } from "../format";
import { textDirection, translateMarked } from "../i18n";
import { useStaffLanguage, useT } from "../language";
import { RubyText } from "../ruby";

const scripts = ["greeting", "identity", "next"] as const;

interface Props {
  callerLanguage: string; // "" until asked: then only the agent's language is shown
  languages: Language[];
}

// AgentScripts shows what the agent says — greeting, identity questions, what happens now — in the agent's
// language and, side by side, in the caller's, each marked with its lang so both are read out correctly.
export function AgentScripts({ callerLanguage, languages }: Props) {
  const t = useT();
  const staff = useStaffLanguage();
  const columns = callerLanguage && callerLanguage !== staff ? [staff, callerLanguage] : [staff];
  return (
    <section className="scripts" aria-labelledby="lostcard-scripts">
      <h2 className="heading-m" id="lostcard-scripts">
        {t("lostcard.scripts.title")}
      </h2>
      <table className="table scripts__table">
        <thead>
          <tr>
            <td />
            {columns.map((l) => (
              <th scope="col" key={l} lang={l}>
                {languageName(languages, l)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scripts.map((s) => (
            <tr key={s}>
              <th scope="row">{t(`lostcard.script.${s}.title`)}</th>
              {columns.map((l) => (
                <td key={l} lang={l} dir={textDirection(l)}>
                  <RubyText text={translateMarked(l, `lostcard.script.${s}`)} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
