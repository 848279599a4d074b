// A refused input in people's words. zod's own messages ("Too big: expected string to have <=200 characters") are
// written for developers; main's router and the renderer's forms both turn an issue into a sentence here, named
// by the field's label, so the same refusal reads the same wherever it shows.
import type { z } from 'zod';

/** Labels for field names whose plain form would read badly; other names are spelled out ("entity_id" → "Entity id"). */
const LABELS: Record<string, string> = {
  min_amount: 'Minimum amount',
  max_amount: 'Maximum amount',
  min_rating: 'Minimum rating',
  max_rating: 'Maximum rating',
  from: 'Start date',
  to: 'End date',
  idempotency_key: 'Submission key',
  provider_refund_id: "Processor's refund id",
  anon_key: 'API key',
  url: 'Project URL',
  organization_ids: 'Organisations',
  organization_id: 'Organisation',
  after: 'Page position',
  limit: 'Page size',
};

export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((part): part is string => typeof part === 'string');
  if (!key) return 'The request';
  const mapping = path[0] === 'mapping' && path.length > 1 ? ' column' : '';
  const text = LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return `${text}${mapping}`;
}

const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of fields',
  null: 'empty',
  undefined: 'left out',
};

const FORMATS: Record<string, string> = {
  email: 'an email address, such as name@example.com',
  datetime: 'a date and time',
  date: 'a date (yyyy-mm-dd)',
  guid: 'an id (32 hexadecimal digits in groups, as the console shows it)',
  uuid: 'an id (32 hexadecimal digits in groups, as the console shows it)',
  url: 'a web address',
  regex: 'in the expected form',
};

const amount = (value: unknown) =>
  typeof value === 'number' || typeof value === 'bigint' ? Number(value).toLocaleString('en') : String(value);

function sentence(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'custom':
      return issue.message;
    case 'too_big':
      if (issue.origin === 'string') return `is too long: at most ${amount(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has too many items: at most ${amount(issue.maximum)}.`;
      return `must be at most ${amount(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'is required.' : `is too short: at least ${amount(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${amount(issue.minimum)} ${Number(issue.minimum) === 1 ? 'item' : 'items'}.`;
      return issue.inclusive === false ? `must be greater than ${amount(issue.minimum)}.` : `must be at least ${amount(issue.minimum)}.`;
    case 'invalid_type':
      return `must be ${NOUNS[issue.expected] ?? issue.expected}.`;
    case 'invalid_format': {
      const format = issue.format === 'regex' ? 'regex' : issue.format;
      return `must be ${FORMATS[format] ?? 'in the expected form'}.`;
    }
    case 'invalid_value': {
      const values = issue.values.slice(0, 8).map((v) => JSON.stringify(v));
      return values.length === 1 ? `must be ${values[0]}.` : `must be one of ${values.join(', ')}${issue.values.length > 8 ? ', …' : ''}.`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${amount(issue.divisor)}.`;
    case 'unrecognized_keys':
      return 'is not something this request takes.';
    case 'invalid_key':
      return 'has an entry whose name is not valid.';
    default:
      return 'is not valid.';
  }
}

/** `{field, message}` for the first issue: field as a dotted path (for the form), message a sentence. */
export function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  // A record's bad key is data, perhaps a megabyte of it: the record is named, the key is not repeated.
  const path =
    issue.code === 'unrecognized_keys'
      ? [...issue.path, String(issue.keys[0] ?? '').slice(0, 60)]
      : issue.code === 'invalid_key'
        ? issue.path.slice(0, -1)
        : [...issue.path];
  const field = fieldPath(path);
  const label = fieldLabel(path);
  const text = sentence(issue);
  // Custom refusals are whole sentences already ("Contains a NUL character…"); the others read on from the label.
  const message = issue.code === 'custom' ? `${label}: ${text}` : `${label} ${text}`;
  return { field, message: message.slice(0, 500) };
}

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
