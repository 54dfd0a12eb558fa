import { isEmailAddress } from '../../../src/tenant/validation';
import { jsonRequest, mapCreated, mapRequest, withBody, type TenantVariant } from '../variant';
import type { Handler, TenantResponse } from '../../../src/tenant/tenant';

/**
 * Defects only generated inputs reach: each is a choice a tenant on a common framework makes, invisible to
 * the suite's fixed values (ASCII titles, a few fixed addresses, private conferences). The self-test runs
 * every test against these and checks that the fuzz phase, and nothing else, caught them.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the defect
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;

/** Rewrites the title of the request before it is stored, as input sanitising middleware would. */
const mapTitle = (map: (title: string) => string) =>
  mapRequest((request) => {
    const body = jsonRequest(request);
    return body && typeof body.title === 'string'
      ? withBody(request, { ...body, title: map(body.title) })
      : request;
  });

const invalid = (attribute: string): TenantResponse => {
  const message = `The ${attribute} field is invalid.`;
  return {
    status: 400,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, errors: { [attribute]: [message] } }),
  };
};

/** A rule on each attendee, checked before the reference validation: the first attendee it refuses gets a 400. */
const attendeeRule =
  (refuses: (attendee: Record<string, unknown>) => string | undefined) =>
  (handler: Handler): Handler =>
  (request) => {
    const body = jsonRequest(request);
    const attendees = Array.isArray(body?.online_conference_attendees)
      ? body.online_conference_attendees
      : [];
    for (const [index, attendee] of attendees.entries()) {
      if (!attendee || typeof attendee !== 'object') continue;
      const field = refuses(attendee as Record<string, unknown>);
      if (field && request.headers['x-access-key-secret'])
        return invalid(`online_conference_attendees.${index}.${field}`);
    }
    return handler(request);
  };

/** The address check half the web copies: anything around one "@" without spaces. */
const LENIENT_EMAIL = /^[^\s@]+@[^\s@]+$/;
/** The "popular" address pattern: it refuses most of RFC 5322's atext specials (! # $ & ' * = ? and more) in the local part. */
const POPULAR_EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export const FUZZ_VARIANTS: readonly TenantVariant[] = [
  {
    name: 'title-control-characters-stripped',
    description: 'Strips control characters from titles before storing them (a sanitising middleware)',
    catches: { cases: ['fuzz.accepts-generated'] },
    onlyGenerated: true,
    wrap: mapTitle((title) => title.replace(CONTROL, '')),
  },
  {
    name: 'title-nfc-normalized',
    description:
      'Stores titles in Unicode NFC (e + U+0301 becomes é), so the echo differs from what was sent',
    catches: { cases: ['fuzz.accepts-generated'] },
    onlyGenerated: true,
    wrap: mapTitle((title) => title.normalize('NFC')),
  },
  {
    name: 'is-public-ignored',
    description: 'Ignores is_public: stores and returns every conference as private',
    catches: { cases: ['fuzz.accepts-generated'] },
    onlyGenerated: true,
    wrap: mapCreated((data) => ({ ...data, is_public: false })),
  },
  {
    name: 'attendee-name-control-characters-rejected',
    description: 'Rejects attendee names holding control characters (a "printable text" rule)',
    catches: { cases: ['fuzz.accepts-generated'] },
    onlyGenerated: true,
    wrap: attendeeRule((attendee) =>
      typeof attendee.name === 'string' && new RegExp(CONTROL.source, 'u').test(attendee.name)
        ? 'name'
        : undefined,
    ),
  },
  {
    name: 'attendee-email-popular-regex',
    description:
      "Checks e-mails with the popular [A-Za-z0-9._%+-]+@… pattern: rejects valid addresses such as o'neil@example.com",
    catches: { cases: ['fuzz.accepts-generated'] },
    onlyGenerated: true,
    wrap: attendeeRule((attendee) =>
      typeof attendee.email === 'string' && !POPULAR_EMAIL.test(attendee.email) ? 'email' : undefined,
    ),
  },
  {
    name: 'attendee-email-lenient',
    description: 'Checks e-mails only for one "@" and no spaces: accepts a@example,com',
    catches: { cases: ['fuzz.rejects-generated'] },
    onlyGenerated: true,
    options: { rules: { isEmail: (value) => LENIENT_EMAIL.test(value) || isEmailAddress(value) } },
  },
];
