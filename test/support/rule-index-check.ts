import { readRulesDoc } from '../../scripts/rule-index';

let index: Map<string, Set<string>> | undefined;
let allRules: Set<string> | undefined;

/**
 * Fails an end-to-end request whose problem+json answer names a code, or a rule of that code, that
 * docs/rules.md (the "where is the rule" index) does not list. Request validation (REQUEST.INVALID)
 * names class-validator's own rules, and a code the index lists without rules is not checked further.
 */
export function checkProblemAgainstRuleIndex(body: unknown, describe: string): void {
  index ??= readRulesDoc();
  allRules ??= new Set([...index.values()].flatMap((r) => [...r]));
  const problem = body as { code?: unknown; errors?: { rule?: unknown }[] } | undefined;
  if (!problem || typeof problem.code !== 'string') throw new Error(`problem+json without a code: ${describe}`);
  const rules = index.get(problem.code) ?? index.get(problem.code.replace(/\..*$/, '.*'));
  if (!rules)
    throw new Error(
      `code ${problem.code} is not in docs/rules.md (npx ts-node --transpile-only scripts/rule-index.ts): ${describe}`,
    );
  if (problem.code === 'REQUEST.INVALID') return;
  const allowed = problem.code === 'CLAIM.RULES_VIOLATED' ? allRules : rules;
  if (allowed.size === 0) return;
  for (const e of problem.errors ?? [])
    if (typeof e.rule === 'string' && !allowed.has(e.rule))
      throw new Error(`rule ${e.rule} of ${problem.code} is not in docs/rules.md: ${describe}`);
}
