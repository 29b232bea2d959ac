import type { FieldViolation } from './errors';

/**
 * What JSON.parse lets through and a public API should not (issue #13): nesting deeper than a
 * limit (a deep body answered 500 further in), numbers that parse to Infinity (re-sent as `null`,
 * they cleared fields), keys that name the prototype chain, a key given twice (which one wins is
 * the parser's choice, not the client's), and bytes that are not UTF-8 (silently U+FFFD).
 * `jsonBodyViolation` scans the raw bytes once, before JSON.parse, and names the first offence.
 */
export interface StrictJsonOptions {
  maxDepth: number;
}

export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

interface Frame {
  kind: 'object' | 'array';
  path: string;
  keys?: Set<string>;
  expectKey: boolean;
  index: number;
  key?: string;
}

/** Field paths as the services name them: `details.estimatedImpressions`, `lines[2].amount`. */
const childPath = (f: Frame) =>
  f.kind === 'array' ? `${f.path}[${f.index}]` : f.path ? `${f.path}.${f.key ?? ''}` : (f.key ?? '');

/** The first rule `raw` breaks, or undefined. Malformed JSON is left to JSON.parse to name. */
export function jsonBodyViolation(raw: Buffer, opts: StrictJsonOptions): FieldViolation | undefined {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { field: 'body', rule: 'isUtf8', message: 'the body is not valid UTF-8' };
  }
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  const here = () => (stack.length ? childPath(top()) || 'body' : 'body');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const f = top();
      if (f?.kind === 'object' && f.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return undefined; // malformed: JSON.parse says where
        }
        f.key = key;
        f.expectKey = false;
        if (FORBIDDEN_KEYS.has(key))
          return { field: childPath(f), rule: 'forbiddenKey', message: `the key "${key}" is not allowed` };
        if (f.keys!.has(key))
          return { field: childPath(f), rule: 'noDuplicateKeys', message: `the key "${key}" appears twice` };
        f.keys!.add(key);
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const path = stack.length ? childPath(top()) : '';
      if (stack.length >= opts.maxDepth)
        return { field: path || 'body', rule: 'maxDepth', message: `JSON nesting deeper than ${opts.maxDepth} levels` };
      stack.push(
        c === '{'
          ? { kind: 'object', path, keys: new Set(), expectKey: true, index: 0 }
          : { kind: 'array', path, expectKey: false, index: 0 },
      );
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const f = top();
      if (f?.kind === 'object') f.expectKey = true;
      else if (f) f.index++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j])) j++;
      const value = Number(text.slice(i, j));
      if (value === Infinity || value === -Infinity)
        return { field: here(), rule: 'isFinite', message: `the number ${text.slice(i, j)} is out of range` };
      i = j - 1;
    }
  }
  return undefined;
}

/** Thrown from the JSON parser's `verify` hook; `bodyParserProblems` turns it into a 400. */
export class JsonBodyRefused extends Error {
  readonly type = 'entity.refused';
  readonly status = 400;
  constructor(readonly violation: FieldViolation) {
    super(violation.message);
  }
}

/**
 * A body-parser `verify` hook applying `jsonBodyViolation`. JSON between systems is UTF-8 (RFC 8259
 * section 8.1); the parser would also decode UTF-16/32, which this scan does not read, so those are
 * refused (415) rather than let past the rules.
 */
export function strictJsonVerify(opts: StrictJsonOptions) {
  return (_req: unknown, _res: unknown, buf: Buffer, encoding: string) => {
    if (encoding && !/^utf-?8$/i.test(encoding)) {
      throw Object.assign(new Error(`JSON bodies must be UTF-8, not ${encoding}`), {
        type: 'charset.unsupported',
        status: 415,
      });
    }
    const violation = jsonBodyViolation(buf, opts);
    if (violation) throw new JsonBodyRefused(violation);
  };
}
