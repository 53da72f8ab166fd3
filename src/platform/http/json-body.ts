import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.js';

/** Deeper than any schema of ours (content data is about six levels). */
export const MAX_JSON_DEPTH = 32;

/**
 * Where a JSON text nests deeper than `maxDepth`: the top-level field holding the too-deep value
 * (`body` when it is the body itself), or null. One pass over the characters, no recursion, so no body can
 * exhaust the stack — the parser and every later walk over the value only see shallow bodies.
 * Malformed JSON is left to the parser.
 */
export function tooDeep(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  // Most bodies hold fewer brackets (counting those in strings too) than the limit: then no
  // value can nest that deep, and the walk below, with its key bookkeeping, is not needed.
  let brackets = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b) && ++brackets > maxDepth) break;
  }
  if (brackets <= maxDepth) return null;
  // For each open container: the key or index of the value being read in it.
  const path: string[] = [];
  const isObject: boolean[] = [];
  let expectKey = false;
  let lastString = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      if (expectKey) lastString = text.slice(i + 1, end);
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (path.length >= maxDepth) return path[0] ? unescapeKey(path[0]) : 'body';
      isObject.push(c === 0x7b);
      path.push(c === 0x7b ? '' : '0');
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      isObject.pop();
      path.pop();
      expectKey = false;
    } else if (c === 0x3a /* : */ && isObject.at(-1)) {
      path[path.length - 1] = lastString;
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      if (isObject.at(-1)) expectKey = true;
      else if (path.length > 0) path[path.length - 1] = String(Number(path.at(-1)) + 1);
    }
  }
  return null;
}

function unescapeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * JSON bodies: nesting is limited before parsing (400 naming the field), then Fastify's own
 * parser runs (prototype-poisoning keys refused).
 */
export function installJsonBodyParser(app: FastifyInstance, maxDepth = MAX_JSON_DEPTH): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const deep = tooDeep(String(body), maxDepth);
    if (deep) {
      done(
        Errors.invalidField(deep, {
          ja: `入れ子が深すぎます（${maxDepth} 段まで）。`,
          en: `is nested too deeply (at most ${maxDepth} levels).`,
        }),
        undefined,
      );
      return;
    }
    parse(request, String(body), done);
  });
}
