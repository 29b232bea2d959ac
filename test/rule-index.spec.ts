import { readFileSync } from 'node:fs';
import { collectRules, readRulesDoc, renderRulesDoc, RULES_DOC } from '../scripts/rule-index';

// docs/rules.md is the "where is the rule" index: it must list every problem code the code can
// answer, with its rules and the functions that decide it, exactly as the code says today.
describe('docs/rules.md', () => {
  const entries = collectRules();

  it('isWhatTheCodeSays_everyCodeWithItsRulesAndDecidingFunctions', () => {
    // On failure: npx ts-node --transpile-only scripts/rule-index.ts
    expect(readFileSync(RULES_DOC, 'utf8')).toBe(renderRulesDoc(entries));
  });

  it('pointsOnlyAtFunctionsThatExist', () => {
    for (const { code, sites } of entries)
      for (const { where } of sites) {
        const [file, symbol] = where.split('#');
        const text = readFileSync(`${__dirname}/../${file}`, 'utf8');
        // The innermost name of the path (Class.method -> method) is written in that file.
        expect({ code, where, found: text.includes(symbol.split('.').pop()!) }).toEqual({ code, where, found: true });
      }
  });

  it('readsBackEveryCodeAndRule', () => {
    const index = readRulesDoc();
    expect([...index.keys()]).toEqual(entries.map((e) => e.code));
    expect(index.get('CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN')).toEqual(new Set(['withinCampaignWindow']));
    expect(index.get('CLAIM.PRE_APPROVAL_EXPIRED')).toEqual(new Set(['notExpired']));
    expect(index.has('NO.SUCH_CODE')).toBe(false);
  });
});
