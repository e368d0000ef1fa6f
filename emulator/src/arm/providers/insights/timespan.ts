/**
 * Azure Monitor's timespan and interval parameters: ISO 8601 durations (PT1M, PT1H, P1D, P1DT12H…)
 * and timespans 'start/end', 'start/duration', 'duration/end' or a bare 'duration' (ending now).
 * Without a timespan Azure Monitor answers the last hour.
 */

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return (
    ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Number(seconds ?? 0) * 1000
  );
}

export function parseTimespan(text: string | null, now: Date): { start: number; end: number } | { error: string } {
  const invalid = {
    error: `Invalid timespan '${text ?? ''}'. Use ISO 8601 'start/end', 'start/duration', 'duration/end' or 'duration'.`,
  };
  if (!text) return { start: now.getTime() - 3_600_000, end: now.getTime() };
  const parts = text.split('/');
  if (parts.length === 1) {
    const duration = parseDuration(parts[0] ?? '');
    return duration === undefined ? invalid : { start: now.getTime() - duration, end: now.getTime() };
  }
  if (parts.length !== 2) return invalid;
  const [first = '', second = ''] = parts;
  const firstDate = Date.parse(first);
  const secondDate = Date.parse(second);
  let span: { start: number; end: number } | undefined;
  if (!Number.isNaN(firstDate) && !Number.isNaN(secondDate)) span = { start: firstDate, end: secondDate };
  else if (!Number.isNaN(firstDate) && parseDuration(second) !== undefined)
    span = { start: firstDate, end: firstDate + (parseDuration(second) as number) };
  else if (parseDuration(first) !== undefined && !Number.isNaN(secondDate))
    span = { start: secondDate - (parseDuration(first) as number), end: secondDate };
  if (!span) return invalid;
  return span.end > span.start ? span : { error: `Invalid timespan '${text}': the end must be after the start.` };
}
