// What a typed or pasted text may contain, with the reason in people's words when it may not. One rule for the
// contract (main refuses it at the IPC boundary) and the renderer (the field says so before anything is sent):
// PostgreSQL cannot store a NUL character (22P05) and a lone UTF-16 surrogate cannot be encoded, so neither may
// reach it; other control characters are never meant in a console field and usually come from a bad paste.

// Tab, line feed and carriage return are allowed in multi-line text (notes, reasons); nothing else below U+0020,
// nor DEL and the C1 range.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextRules {
  /** Longest accepted length, in characters. */
  max: number;
  /** Notes and reasons may have line breaks and tabs; one-line fields (searches, names, ids) may not. */
  multiline?: boolean;
}

/** Notes and reasons kept with a decision, refund or role change. */
export const NOTE_RULES: TextRules = { max: 2000, multiline: true };
/** A public response on behalf of an instructor or expert. */
export const RESPONSE_RULES: TextRules = { max: 5000, multiline: true };

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` cannot be accepted, as a sentence without the field's name, or null when it can. */
export function textProblem(value: string, rules: TextRules): string | null {
  if (value.length > rules.max) {
    return `Too long: at most ${rules.max.toLocaleString('en')} characters (this has ${value.length.toLocaleString('en')}).`;
  }
  const control = CONTROL.exec(value) ?? (rules.multiline ? null : LINE_BREAK_OR_TAB.exec(value));
  if (control) {
    const name = control[0] === '\u0000' ? 'a NUL character (U+0000)' : `a control character (${codePoint(control[0])})`;
    return `Contains ${name}, which cannot be stored. It usually comes from a paste: remove it.`;
  }
  if (LONE_SURROGATE.test(value)) {
    return 'Contains a broken character (half of an emoji or symbol). Remove it and type it again.';
  }
  return null;
}

/** One-line text as pasted: tabs and line breaks (a copied spreadsheet cell) become spaces, ends are trimmed. */
export function normaliseLine(value: string): string {
  return value.replace(/[\t\n\r]+/g, ' ').trim();
}

const ALL_CONTROL = new RegExp(CONTROL.source, 'g');
const ALL_LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * One line as a search box keeps it: what textProblem refuses is taken out instead of refused (a stray control
 * character or half an emoji from a paste should not stop a search), tabs and line breaks become spaces, the ends
 * are trimmed and at most `max` characters stay.
 */
export function cleanLine(value: string, max: number): string {
  const line = normaliseLine(value).replace(ALL_CONTROL, '').replace(ALL_LONE_SURROGATES, '');
  // Cutting may split an emoji's surrogate pair: its first half goes too.
  return line
    .slice(0, max)
    .replace(/[\ud800-\udbff]$/, '')
    .trim();
}
