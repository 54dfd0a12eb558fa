/**
 * Request validation written the way the vendor's Laravel application behaves: every rule of every
 * field is checked, and errors are keyed by attribute path (`online_conference_attendees.0.email`).
 * It is deliberately independent of the suite's contract core: the suite must find its faults.
 */
export type Errors = Record<string, string[]>;

export interface ValidationRules {
  readonly titleMaxLength: number;
  readonly attendeesMax: number;
  readonly nameMaxLength: number;
  readonly emailMaxLength: number;
  readonly publicIdPattern: RegExp;
  /** How a string's length is counted; the spec (JSON Schema) counts Unicode code points. */
  readonly measure: (value: string) => number;
  readonly accountExists: (id: number) => boolean;
  readonly backerEventExists: (id: number) => boolean;
  readonly publicIdTaken: (publicId: string) => boolean;
  readonly isEmail: (value: string) => boolean;
  /**
   * Attributes left unvalidated, with what lies under them, as when a field is missing from a form
   * request's rules: `title`, `online_conference_attendees.*.email`. Empty on a correct tenant; the
   * self-test's faulty variants set it.
   */
  readonly unvalidated: readonly string[];
}

export const codePoints = (value: string): number => [...value].length;

export function validateCreate(body: Record<string, unknown>, rules: ValidationRules): Errors {
  const errors: Errors = {};
  const skipped = rules.unvalidated.map(
    (pattern) => new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\*/g, '[^.]+')}(\\.|$)`),
  );
  const fail = (attribute: string, message: string): void => {
    if (skipped.some((pattern) => pattern.test(attribute))) return;
    (errors[attribute] ??= []).push(message.replace(':attribute', attribute.replace(/_/g, ' ')));
  };
  const field = (name: string): unknown => (Object.hasOwn(body, name) ? body[name] : undefined);

  const account = field('online_conference_account_id');
  if (account === undefined || account === null)
    fail('online_conference_account_id', 'The :attribute field is required.');
  else if (!isInteger(account))
    fail('online_conference_account_id', 'The :attribute field must be an integer.');
  else if (!rules.accountExists(account))
    fail('online_conference_account_id', 'The selected :attribute is invalid.');

  const backer = field('backer_event_id');
  if (backer !== undefined && backer !== null) {
    if (!isInteger(backer)) fail('backer_event_id', 'The :attribute field must be an integer.');
    else if (!rules.backerEventExists(backer)) fail('backer_event_id', 'The selected :attribute is invalid.');
  }

  const publicId = field('public_id');
  if (publicId === undefined || publicId === null || publicId === '')
    fail('public_id', 'The :attribute field is required.');
  else if (typeof publicId !== 'string') fail('public_id', 'The :attribute field must be a string.');
  else if (!rules.publicIdPattern.test(publicId))
    fail('public_id', 'The :attribute field format is invalid.');
  else if (rules.publicIdTaken(publicId)) fail('public_id', 'The :attribute has already been taken.');

  const title = field('title');
  if (title === undefined || title === null) fail('title', 'The :attribute field is required.');
  else if (typeof title !== 'string') fail('title', 'The :attribute field must be a string.');
  else if (rules.measure(title) > rules.titleMaxLength) {
    fail('title', `The :attribute field must not be greater than ${rules.titleMaxLength} characters.`);
  }

  const isPublic = field('is_public');
  if (isPublic === undefined || isPublic === null) fail('is_public', 'The :attribute field is required.');
  else if (typeof isPublic !== 'boolean') fail('is_public', 'The :attribute field must be true or false.');

  const attendees = field('online_conference_attendees');
  if (attendees !== undefined) {
    if (!Array.isArray(attendees))
      fail('online_conference_attendees', 'The :attribute field must be an array.');
    else {
      if (attendees.length > rules.attendeesMax) {
        fail(
          'online_conference_attendees',
          `The :attribute field must not have more than ${rules.attendeesMax} items.`,
        );
      }
      attendees.forEach((attendee: unknown, index) =>
        validateAttendee(attendee, `online_conference_attendees.${index}`, rules, fail),
      );
    }
  }
  return errors;
}

function validateAttendee(
  attendee: unknown,
  at: string,
  rules: ValidationRules,
  fail: (attribute: string, message: string) => void,
): void {
  if (attendee === null || typeof attendee !== 'object' || Array.isArray(attendee)) {
    fail(at, 'The :attribute field must be an object.');
    return;
  }
  const record = attendee as Record<string, unknown>;
  const name = Object.hasOwn(record, 'name') ? record.name : undefined;
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string') fail(`${at}.name`, 'The :attribute field must be a string.');
    else if (rules.measure(name) > rules.nameMaxLength) {
      fail(`${at}.name`, `The :attribute field must not be greater than ${rules.nameMaxLength} characters.`);
    }
  }
  const email = Object.hasOwn(record, 'email') ? record.email : undefined;
  if (email === undefined || email === null || email === '')
    fail(`${at}.email`, 'The :attribute field is required.');
  else if (typeof email !== 'string') fail(`${at}.email`, 'The :attribute field must be a string.');
  else {
    if (rules.measure(email) > rules.emailMaxLength) {
      fail(
        `${at}.email`,
        `The :attribute field must not be greater than ${rules.emailMaxLength} characters.`,
      );
    }
    if (!rules.isEmail(email)) fail(`${at}.email`, 'The :attribute field must be a valid email address.');
  }
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A dot-atom address (RFC 5322 §3.4.1) with RFC 5321 part limits: local part 64 octets, labels 63. */
export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (Buffer.byteLength(local) > 64 || !local.split('.').every((atom) => ATEXT.test(atom))) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}
