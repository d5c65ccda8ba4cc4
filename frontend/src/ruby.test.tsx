import { render } from "@testing-library/react";
import { expect, test } from "vitest";
import { plainText, RubyText } from "./ruby";

test("marked words become ruby with their readings; plain text drops them", () => {
  const text = "{市役所|しやくしょ}で {申請|しんせい}します";
  const { container } = render(<p>
    <RubyText text={text} />
  </p>);
  const rubies = container.querySelectorAll("ruby");
  expect(rubies).toHaveLength(2);
  expect(rubies[0].querySelector("rt")?.textContent).toBe("しやくしょ");
  expect(container.textContent).toBe("市役所(しやくしょ)で 申請(しんせい)します");
  expect(plainText(text)).toBe("市役所で 申請します");
  expect(plainText("{{.Name}}さん")).toBe("{{.Name}}さん");
});
