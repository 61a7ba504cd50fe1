/**
 * no-unpkg-cdn, our implementation of the marketplace's "Avoid using front-end libraries from unpkg
 * CDN" (an Error: https://freshworks.dev/docs/guides/submission-guidelines/app-validation). FDK 10 runs it
 * on every linted file (FDK10LOG rule list); what exactly it matches is UNCONFIRMED, so the strict
 * reading: every line of the file that mentions unpkg.com, in code, strings or comments.
 */
import type { Rule } from 'eslint';

export const UNPKG = /unpkg\.com/i;

export const noUnpkgCdn: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'No file refers to the unpkg CDN.' },
    messages: { unpkg: 'refers to unpkg.com, which the marketplace lint rejects (Avoid using front-end libraries from unpkg CDN)' },
    schema: [],
  },
  create(context) {
    return {
      Program() {
        context.sourceCode.lines.forEach((text, index) => {
          if (UNPKG.test(text)) context.report({ loc: { line: index + 1, column: text.search(UNPKG) }, messageId: 'unpkg' });
        });
      },
    };
  },
};
