// The POST forms of a server-rendered page: each <form method="post"> with its action and the
// names and default values of its inputs, selects and textareas (buttons are left out, so no
// destructive intent is ever chosen by accident).
export type PageForm = { action: string; fields: Array<[string, string]> };

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
  return m ? decode(m[1]!) : undefined;
}
function decode(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function postForms(html: string, pagePath: string): PageForm[] {
  const out: PageForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = m[1]!;
    if ((attr(`<f ${open}`, "method") ?? "get").toLowerCase() !== "post") continue;
    const action = attr(`<f ${open}`, "action") ?? pagePath;
    const body = m[2]!;
    const fields: Array<[string, string]> = [];
    for (const t of body.matchAll(/<(input|select|textarea)\b([^>]*)>/gi)) {
      const tag = `<x ${t[2]}`;
      const name = attr(tag, "name");
      if (!name) continue;
      const type = (attr(tag, "type") ?? "text").toLowerCase();
      if (type === "file" || type === "submit") continue;
      if ((type === "checkbox" || type === "radio") && !/\schecked/i.test(tag) && fields.some(([n]) => n === name)) continue;
      let value = attr(tag, "value") ?? "";
      if (t[1]!.toLowerCase() === "select") {
        const rest = body.slice((t.index ?? 0) + t[0].length);
        const opt = /<option\b[^>]*value="([^"]*)"/i.exec(rest.slice(0, rest.search(/<\/select>/i)));
        value = opt ? decode(opt[1]!) : "";
        if (!value) {
          const nonEmpty = [...rest.slice(0, rest.search(/<\/select>/i)).matchAll(/<option\b[^>]*value="([^"]+)"/gi)][0];
          value = nonEmpty ? decode(nonEmpty[1]!) : "";
        }
      }
      fields.push([name, value]);
    }
    out.push({ action: decode(action), fields });
  }
  return out;
}
