/**
 * Text that comes from outside (registry names, tags, Azure error messages) must never be read by
 * a CI runner as a workflow command. GitHub treats a line starting with `::` as a command; Azure
 * Pipelines treats `##vso[` anywhere in a line (and `##[` at its start) as one. We break those
 * sequences with a zero-width space, which keeps the text readable, and drop terminal control
 * characters that could rewrite what a person sees in a log.
 */
const ZWSP = '\u200b';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u009b]/g;

export function neutralizeLine(line: string): string {
  let safe = line
    .replace(CONTROL, '')
    .replace(/##(vso)?\[/gi, (_m, vso: string | undefined) => `#${ZWSP}#${vso ?? ''}[`);
  const lead = /^(\s*)::/.exec(safe);
  if (lead) safe = `${lead[1]}:${ZWSP}:${safe.slice(lead[0].length)}`;
  return safe;
}

/** Neutralise every line of a (possibly multi-line) message. */
export function neutralize(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => neutralizeLine(line))
    .join('\n');
}
