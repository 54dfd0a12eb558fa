import { format } from './format';
import type { Keyword } from './keyword';
import { maxItems } from './max-items';
import { maxLength } from './max-length';
import { nullable } from './nullable';
import { pattern } from './pattern';
import { required } from './required';
import { type } from './type';

/**
 * The request-body keywords the suite derives cases for, in the order a place's cases are listed. Adding
 * a keyword is one file beside these and one line here (and its fuzz breaker, which the compiler asks for).
 */
export const KEYWORDS = [required, nullable, type, maxLength, pattern, format, maxItems] as const;

export type KeywordName = (typeof KEYWORDS)[number]['name'];

export function keywordNamed(name: string, keywords: readonly Keyword[] = KEYWORDS): Keyword | undefined {
  return keywords.find((keyword) => keyword.name === name);
}

export type { CaseDraft, Keyword, KeywordSite } from './keyword';
