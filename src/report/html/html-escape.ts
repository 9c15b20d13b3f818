// Escaping for the HTML report: text and attribute values, and JSON or scripts placed inside a
// <script> element, where a literal "</script" in the data would end the element early.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** JSON that is safe as the text of a `<script type="application/json">` element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A script's source, checked to hold nothing that would close its element. */
export function scriptText(source: string): string {
  if (/<\/script/i.test(source)) throw new Error('inline script contains "</script": it would end its element early');
  return source;
}
