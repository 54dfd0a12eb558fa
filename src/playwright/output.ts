import { outputSanitizer } from '../config/config';
import { loadConfig } from '../config/env';
import { createSanitizer, type Sanitizer } from '../safety/sanitize';

let cached: Sanitizer | undefined;

/**
 * This process's exit for written text (src/safety/sanitize.ts), built from the run's configuration.
 * Without one (which playwright.config.ts would have refused), it still escapes control characters.
 */
export function output(): Sanitizer {
  if (cached) return cached;
  try {
    cached = outputSanitizer(loadConfig());
  } catch {
    cached = createSanitizer([]);
  }
  return cached;
}
