// The "where is the rule" index (docs/rules.md), read from the code itself: every problem code
// (`CLAIM.NOT_FOUND`) a service can answer, with the field rules it names (`errors[].rule`) and the
// function that decides it. test/rule-index.spec.ts fails when the page is not what this renders;
// the e2e client fails on an answer whose code or rule the page does not list.
// Regenerate: npx ts-node --transpile-only scripts/rule-index.ts
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
export const RULES_DOC = join(ROOT, 'docs', 'rules.md');
const CODE = /^[A-Z][A-Z_]*\.[A-Z][A-Z_]*$/;

export interface RuleSite {
  /** `apps/claims/src/claims/claim.ts#validateAmount` */
  where: string;
  /** `field: rule` pairs named at this site (literal arguments only). */
  rules: string[];
  /** The ErrorKind when the site names it (`invalid`, `conflict`, ...). */
  kind?: string;
}

export interface RuleEntry {
  code: string;
  sites: RuleSite[];
}

/** Where a code literal is only documentation or a type, not an answer. */
const NOT_A_DECISION = [
  'apps/gateway/src/api/openapi.ts',
  'libs/contracts/src/events/',
  // CONTRACT.* codes: why a consumer parks a message in its DLQ, never an HTTP answer.
  'libs/contracts/src/contract-error.ts',
  'libs/contracts/src/envelope.ts',
  'libs/contracts/src/upcasting.ts',
];

const STATUS: Record<string, number> = {
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  too_large: 413,
  unsupported_media: 415,
  too_many_requests: 429,
  unavailable: 503,
};

function sourceFiles(): string[] {
  const out = execFileSync('git', ['ls-files', 'apps/*/src/*.ts', 'libs/*/src/*.ts'], { cwd: ROOT }).toString();
  return out.split('\n').filter((f) => f && !f.endsWith('.spec.ts') && !NOT_A_DECISION.some((p) => f.startsWith(p)));
}

/** The name of the nearest named function, method or property holding a function around `node`. */
function enclosingName(node: ts.Node): string {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if ((ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name) names.push(n.name.getText());
    else if ((ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) && n.name) names.push(n.name.getText());
    else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) names.push(n.name.text);
    else if (ts.isClassDeclaration(n) && n.name) names.push(n.name.text);
    if (names.length && (ts.isClassDeclaration(n) || ts.isSourceFile(n.parent ?? n))) break;
  }
  return names.reverse().join('.') || '(module)';
}

const literal = (e: ts.Expression | undefined): string | undefined =>
  e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) ? e.text : undefined;

/** field and rule of `invalidField(code, field, rule, ...)` / `violation(code, field, rule, ...)` calls. */
function siteOf(lit: ts.StringLiteral, file: string): RuleSite {
  const where = `${file}#${enclosingName(lit)}`;
  const call = lit.parent;
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return { where, rules: [] };
  const args = [...(call.arguments ?? [])];
  const at = args.indexOf(lit);
  const callee = call.expression.getText();
  // violation(code, field, rule, message) (refuse: money's, returned as a value), and an allocation
  // line's violation(line, field, rule, code, message)
  if (/(^|\.)(invalidField|violation|refuse)$/.test(callee) && (at === 0 || at === 3)) {
    const field = literal(args[1]) ?? '…';
    const rule = literal(args[2]);
    return { where, rules: rule ? [`${field}: ${rule}`] : [], kind: 'invalid' };
  }
  if (at !== 0) return { where, rules: [] };
  if (/(^|\.)DomainError$/.test(callee) || ts.isNewExpression(call))
    return { where, rules: [], kind: literal(args[1]) };
  return { where, rules: [] };
}

/** An error factory (`ClaimErrors.notEditable`) only builds the answer; its callers decide. */
const FACTORY = /^(\w+Errors)\.(\w+)$/;

export function collectRules(): RuleEntry[] {
  const byCode = new Map<string, RuleSite[]>();
  const callers = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node)) return; // a union of codes in a type is not an answer
      if (ts.isCallExpression(node) && FACTORY.test(node.expression.getText())) {
        const name = node.expression.getText();
        callers.set(name, (callers.get(name) ?? new Set()).add(`${file}#${enclosingName(node)}`));
      }
      // `HTTP.${HttpStatus[status]}`: a family of codes, listed as `HTTP.*`.
      const family =
        ts.isTemplateExpression(node) && /^[A-Z]+\.$/.test(node.head.text) ? `${node.head.text}*` : undefined;
      if (family || (ts.isStringLiteral(node) && CODE.test(node.text))) {
        const code = family ?? (node as ts.StringLiteral).text;
        const site = family
          ? { where: `${file}#${enclosingName(node)}`, rules: [] }
          : siteOf(node as ts.StringLiteral, file);
        const sites = byCode.get(code) ?? [];
        const same = sites.find((s) => s.where === site.where);
        if (same) same.rules = [...new Set([...same.rules, ...site.rules])];
        else sites.push(site);
        byCode.set(code, sites);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  // A factory's site is replaced by the functions that call it, with the factory's rule and kind.
  const decided = (site: RuleSite): RuleSite[] => {
    const factory = site.where.split('#')[1];
    const by = FACTORY.test(factory) ? [...(callers.get(factory) ?? [])] : [];
    return by.length ? by.map((where) => ({ ...site, where })) : [site];
  };
  return [...byCode.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, sites]) => {
      const all = new Map<string, RuleSite>();
      for (const site of sites.flatMap(decided)) {
        const same = all.get(site.where);
        all.set(site.where, same ? { ...same, rules: [...new Set([...same.rules, ...site.rules])] } : site);
      }
      return { code, sites: [...all.values()].sort((a, b) => (a.where < b.where ? -1 : 1)) };
    });
}

export function renderRulesDoc(entries: RuleEntry[]): string {
  const lines = [
    '# Where is the rule',
    '',
    'Every problem code a service answers (`code` in problem+json), the field rules it names',
    '(`errors[].field: errors[].rule`) and the function that decides it. Generated from the code by',
    '`npx ts-node --transpile-only scripts/rule-index.ts`; `test/rule-index.spec.ts` fails when this page',
    'is stale, and the end-to-end client fails on an answer whose code or rule is not listed here.',
    '',
    "Request validation (`REQUEST.INVALID`, 400) names class-validator's rules (`isString`, `maxLength`,",
    '`matches`, `whitelistValidation`, ...) for the DTO field that broke them: the body DTOs in',
    '`libs/contracts/src/bodies/` (the gateway publishes its request schemas from the same classes) and the',
    'query DTOs in `apps/*/src/**/dto/` decide those.',
    'Status: the HTTP status of the error kind the site names (`libs/platform/src/problem.ts`); `-` where',
    'the site builds the answer itself. `HTTP.*` is the family of codes for what the framework itself',
    'refuses (`HTTP.NOT_FOUND` for a path no route has), named after the HTTP status.',
    '',
    '| code | status | field: rule | decided in |',
    '| --- | --- | --- | --- |',
  ];
  for (const { code, sites } of entries) {
    const kinds = [...new Set(sites.map((s) => s.kind).filter((k): k is string => !!k && k in STATUS))];
    const status = kinds.map((k) => STATUS[k]).join(', ') || '-';
    const rules = [...new Set(sites.flatMap((s) => s.rules))].map((r) => `\`${r}\``).join('<br>') || '-';
    const where = sites.map((s) => `\`${s.where}\``).join('<br>');
    lines.push(`| \`${code}\` | ${status} | ${rules} | ${where} |`);
  }
  return lines.join('\n') + '\n';
}

/** What docs/rules.md lists: each code with the rules named for it. */
export function readRulesDoc(text = readFileSync(RULES_DOC, 'utf8')): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const m of text.matchAll(/^\| `([A-Z][A-Z_]*\.(?:[A-Z][A-Z_]*|\*))` \| [^|]* \| ([^|]*) \|/gm)) {
    const rules = [...m[2].matchAll(/`[^`:]*: ([^`]+)`/g)].map((r) => r[1]);
    index.set(m[1], new Set(rules));
  }
  return index;
}

if (require.main === module) {
  writeFileSync(RULES_DOC, renderRulesDoc(collectRules()));
  console.log(`wrote ${RULES_DOC}`);
}
