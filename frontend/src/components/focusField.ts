// The element that holds a form field's widgets has id "field-<name>"; error summary links point at it.
export function fieldId(name: string): string {
  return `field-${name}`;
}

// focusField moves focus to the first thing the user can type in or choose in field name
// (the chosen radio if there is one), scrolling it into view. It reports whether it found one.
export function focusField(name: string): boolean {
  const box = document.getElementById(fieldId(name));
  if (!box) return false;
  const candidates = Array.from(
    box.querySelectorAll<HTMLElement>("input, select, textarea, button"),
  ).filter((el) => {
    if (el.closest("[aria-hidden='true']") || el.getAttribute("tabindex") === "-1") return false;
    if (el instanceof HTMLInputElement && el.type === "hidden") return false;
    return !(el as HTMLInputElement).disabled;
  });
  const target = candidates.find((el) => el instanceof HTMLInputElement && el.type === "radio" && el.checked) ?? candidates[0];
  if (!target) return false;
  target.focus();
  target.scrollIntoView?.({ block: "center" });
  return true;
}
