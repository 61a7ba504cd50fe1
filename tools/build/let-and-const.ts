/**
 * FDK 10 lints every shipped script with `no-var` as an error and `prefer-const` (FDK10LOG, see
 * docs/platform-rules.md), but esbuild writes every module-scope declaration of a bundle as `var`.
 * This pass turns them back into `let`/`const` with ESLint's own fixers for those two rules (they
 * change a declaration only where the meaning stays the same) and refuses a bundle where a `var`
 * is left, naming the line, so the build fails before validate would.
 */
import { Linter } from 'eslint';

const FIX_CONFIG: Linter.Config[] = [
  {
    // As a module, so top-level declarations are fixed too: the FDK runs server.js inside a function
    // (CLI69 lib/event_handler/framework.js) and the pages' bundles share nothing through globals.
    languageOptions: { ecmaVersion: 2020, sourceType: 'module' },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: { 'no-var': 'error', 'prefer-const': ['error', { destructuring: 'all' }] },
  },
];

export function letAndConst(file: string, code: string): string {
  const linter = new Linter();
  const result = linter.verifyAndFix(code, FIX_CONFIG, { filename: file });
  const left = result.messages.filter((message) => message.ruleId === 'no-var' || message.fatal === true);
  if (left.length > 0) {
    const where = left.slice(0, 5).map((message) => `line ${message.line}: ${message.message}`).join('; ');
    throw new Error(`${file}: the bundle keeps declarations that cannot become let/const (${where}); change the source so they can`);
  }
  return result.output;
}
