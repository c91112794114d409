import { badRequest } from './http-error.js';

/**
 * Deepest JSON nesting accepted in a request body. rrweb serialises each DOM level as two JSON
 * levels (`childNodes: [ { ... } ]`), so 1,024 still takes a page 500 elements deep, while
 * everything that later walks the objects recursively (JSON.stringify, the replay) stays far
 * from the stack limit that made 5,000 levels answer 500.
 */
export const MAX_JSON_DEPTH = 1024;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws a 400 when `text` nests arrays and objects deeper than `limit`. One linear pass with a
 * counter, before `JSON.parse` builds anything: a 10 KB gzip of `[[[[...` 5 million deep costs
 * one scan instead of blocking the server, and no recursion can overflow the stack. Brackets
 * inside strings do not count. Malformed JSON is left to `JSON.parse` to report.
 */
export function checkJsonDepth(text: string, limit = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit)
        throw badRequest(`body nests arrays and objects deeper than ${limit} levels`);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
}
