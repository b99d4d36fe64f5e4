import { escapeHtml } from "../html";

type Vars = Record<string, string>;

function parts(template: string, vars: Vars, render: (text: string) => string, value: (name: string, raw: string) => string) {
  return template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return render(part);
      const raw = vars[name];
      // A typo in the copy must fail loudly, not mail "{inviter}" to a person.
      if (raw === undefined) throw new Error(`mail template: no value for {${name}}`);
      return value(name, raw);
    })
    .join("");
}

/** "Hi {name}" + { name: "Ada" } → "Hi Ada". */
export function fillText(template: string, vars: Vars): string {
  return parts(
    template,
    vars,
    (text) => text,
    (_, raw) => raw,
  );
}

/** Like fillText, but everything is HTML-escaped and the named values are set in bold. */
export function fillHtml(template: string, vars: Vars, strong: readonly string[] = []): string {
  return parts(template, vars, escapeHtml, (name, raw) =>
    strong.includes(name) ? `<strong>${escapeHtml(raw)}</strong>` : escapeHtml(raw),
  );
}
