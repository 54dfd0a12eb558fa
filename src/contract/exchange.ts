/**
 * One request the suite sent and the response it got, as plain data. Header names are lower case.
 * Credentials never appear here: the request records placeholders such as `$MEETBIT_ACCESS_KEY_ID`.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent, or undefined when none was sent. */
  readonly body?: string;
}

export interface RecordedResponse {
  readonly status: number;
  /** As received; several Set-Cookie headers are one value, a line each. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Exchange {
  readonly request: RecordedRequest;
  readonly response: RecordedResponse;
  readonly durationMs: number;
}

/** The media type of a Content-Type value, lower case and without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType ? mediaType : undefined;
}

/** application/json and the `+json` structured suffix (RFC 6839). */
export function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[^;]+\+json$/.test(mediaType);
}
