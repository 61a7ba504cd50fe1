/**
 * no-dependency-mismatch, our implementation of the marketplace rule (behaviour read from CLI 6.9,
 * hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/custom-lint-rules/no-dependency-mismatch.js`,
 * enabled as [ERROR, ['require']] for server files): only a call of the plain identifier `require`
 * with a string literal first argument loads a dependency. A bundler shim such as esbuild's
 * `__require("ajv")` does not count, nor does a relative path (`./x`).
 *  - per file (this rule): a required package missing from manifest.json `dependencies` (a
 *    `pkg/sub/path` counts as its first segment);
 *  - over all server files (`unusedDependencies`): declared packages no server file requires.
 */
import type { Rule } from 'eslint';
import type * as ESTree from 'estree';

/** The package a literal `require('<name>')` call loads; undefined for anything else and for relative paths. */
export function requiredPackage(node: ESTree.CallExpression): string | undefined {
  if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return undefined;
  const [first] = node.arguments;
  if (first?.type !== 'Literal' || typeof first.value !== 'string' || first.value === '' || first.value.startsWith('.')) return undefined;
  return first.value;
}

function isListed(name: string, declared: ReadonlySet<string>): boolean {
  return declared.has(name) || (name.includes('/') && declared.has(name.split('/')[0] ?? ''));
}

/** The names a required package accounts for in `dependencies`: itself and, for `a/b`, `a`. */
export function packagesSeen(name: string): string[] {
  return name.includes('/') ? [name, name.split('/')[0] ?? name] : [name];
}

export function createNoDependencyMismatch(declared: ReadonlySet<string>): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: 'Server code requires only the dependencies manifest.json lists, by a literal require.' },
      messages: { unlisted: "'{{name}}' is not listed in manifest." },
      schema: [],
    },
    create(context) {
      return {
        CallExpression(node) {
          const name = requiredPackage(node);
          if (name !== undefined && !isListed(name, declared)) context.report({ node, messageId: 'unlisted', data: { name } });
        },
      };
    },
  };
}

/** Declared dependencies that no literal require of any server file loads, in manifest order. */
export function unusedDependencies(declared: ReadonlyArray<string>, required: ReadonlyArray<string>): string[] {
  const seen = new Set(required.flatMap(packagesSeen));
  return declared.filter((name) => !seen.has(name));
}
