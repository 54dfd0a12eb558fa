import { randomBytes } from 'node:crypto';

export interface Credentials {
  readonly id: string;
  readonly secret: string;
}

export type KeyPart = 'full' | 'restricted' | 'unknown' | 'wrong' | 'empty' | 'omit';

/** Which credentials a request carries, named rather than valued, so a recording can show it. */
export type AuthMode = 'full' | 'restricted' | 'none' | { readonly id: KeyPart; readonly secret: KeyPart };

export const AUTH_HEADERS = { id: 'x-access-key-id', secret: 'x-access-key-secret' } as const;

const PLACEHOLDERS = {
  full: { id: '$MEETBIT_ACCESS_KEY_ID', secret: '$MEETBIT_ACCESS_KEY_SECRET' },
  restricted: { id: '$MEETBIT_RESTRICTED_ACCESS_KEY_ID', secret: '$MEETBIT_RESTRICTED_ACCESS_KEY_SECRET' },
} as const;

export interface AuthHeaders {
  /** What goes on the wire. */
  readonly sent: Record<string, string>;
  /** What may be written down: placeholders instead of real key material. */
  readonly recorded: Record<string, string>;
}

/** Resolves an auth mode to headers; a mode needing a key that is not configured is an error. */
export function authHeaders(
  mode: AuthMode,
  keys: { readonly full: Credentials; readonly restricted?: Credentials | undefined },
): AuthHeaders {
  const parts =
    mode === 'none'
      ? { id: 'omit', secret: 'omit' }
      : typeof mode === 'string'
        ? { id: mode, secret: mode }
        : mode;
  const sent: Record<string, string> = {};
  const recorded: Record<string, string> = {};
  for (const half of ['id', 'secret'] as const) {
    const part = parts[half] as KeyPart;
    if (part === 'omit') continue;
    const header = AUTH_HEADERS[half];
    if (part === 'full' || part === 'restricted') {
      const key = keys[part];
      if (!key) throw new Error(`This request needs the ${part} key, which is not configured`);
      sent[header] = key[half];
      recorded[header] = PLACEHOLDERS[part][half];
    } else {
      // Made-up values are not credentials: recording them lets a reviewer replay the request exactly.
      const value = part === 'empty' ? '' : `conformance-${part}-${randomBytes(6).toString('hex')}`;
      sent[header] = value;
      recorded[header] = value;
    }
  }
  return { sent, recorded };
}
