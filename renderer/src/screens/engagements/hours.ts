// Hours as the engagements screen writes and reads them. A session's length is typed in hours with a point for
// decimals ("1.5"); careless forms ("1,5", "2h", "1:30", "90 min") are refused with what to type instead, never
// guessed. The range (0 to 24, two decimals) is the schema's check on engagement_sessions.duration_hours; SQL
// refuses the same on every path, this only says so at the field before asking.

export const MAX_SESSION_HOURS = 24;
export const HOUR_DECIMALS = 2;

export type HoursParse = { ok: true; value: number } | { ok: false; reason: string };

const hoursFormat = new Intl.NumberFormat('en', { maximumFractionDigits: HOUR_DECIMALS });

/** 12.5 → "12.5", 40 → "40", 1.25 → "1.25". */
export function formatHours(value: number): string {
  return hoursFormat.format(value);
}

/** "12.5 / 40 h": the hours used of an engagement's budget. */
export function hoursOfBudget(used: number, total: number): string {
  return `${formatHours(used)} / ${formatHours(total)} h`;
}

/** How full the budget is, 0–100 (whole percent) for the bar; an empty budget counts as full. */
export function budgetPercent(used: number, total: number): number {
  if (!(total > 0)) return 100;
  return Math.max(0, Math.min(100, Math.round((used / total) * 100)));
}

/** The bar's colour: full at the budget, near it from 85%. */
export function budgetLevel(used: number, total: number): 'ok' | 'near' | 'full' {
  if (used >= total) return 'full';
  return used / total >= 0.85 ? 'near' : 'ok';
}

/** "27.5 h left", "No hours left". */
export function hoursLeft(used: number, total: number): string {
  const left = Math.round((total - used) * 100) / 100;
  return left > 0 ? `${formatHours(left)} h left` : 'No hours left';
}

const refuse = (reason: string): HoursParse => ({ ok: false, reason });
const shown = (text: string) => `“${text.length > 16 ? `${text.slice(0, 16)}…` : text}”`;

/** A session's length as typed, in hours. */
export function parseSessionHours(input: string): HoursParse {
  const text = input.trim();
  if (text === '') return refuse('Enter the length in hours, such as 1.5.');

  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(text);
  if (clock) {
    const hours = Number(clock[1]) + Number(clock[2]) / 60;
    return refuse(`Write the length in hours with a point: ${text} is ${formatHours(Math.round(hours * 100) / 100)}.`);
  }
  const minutes = /^(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?)$/i.exec(text);
  if (minutes) {
    const hours = Math.round((Number(minutes[1]) / 60) * 100) / 100;
    return refuse(`Give the length in hours, not minutes: ${minutes[1]} minutes is ${formatHours(hours)}.`);
  }
  if (/^\d+(?:[.,]\d+)?\s*(h|hr|hrs|hours?)$/i.test(text)) {
    return refuse(`Type only the number of hours, such as ${text.replace(/\s*[a-z]+$/i, '').replace(',', '.')}, without “h”.`);
  }
  if (/^\d*,\d+$/.test(text)) return refuse(`Use a point for decimals: write ${text.replace(',', '.')}, not ${shown(text)}.`);
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) return refuse(`Write the hours in plain digits, such as 1.5, not ${shown(text)}.`);
  if (text.startsWith('-')) return refuse('The length cannot be negative.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return refuse(`${shown(text)} is not a number of hours. Type digits, such as 1.5.`);

  const decimals = text.split('.')[1]?.length ?? 0;
  if (decimals > HOUR_DECIMALS) return refuse(`Use at most ${HOUR_DECIMALS} decimals, such as 1.25.`);
  const value = Number(text);
  if (value > MAX_SESSION_HOURS) return refuse(`A session lasts at most ${MAX_SESSION_HOURS} hours.`);
  return { ok: true, value };
}
