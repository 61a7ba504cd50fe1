/**
 * How the FDK finds what server.js exports (docs/platform-rules.md, "Loading server.js"; CLI69
 * lib/utils/event-util.js): it parses the file, takes the first top-level statement that assigns
 * an object literal to the plain identifier `exports`, and keeps the properties whose value is a
 * function expression (`name: function () {}`, `name: async function () {}` or the method form
 * `name() {}`), by their identifier key. Arrow functions, references, spreads, computed or string
 * keys, `module.exports` and assignments inside a function or block are not found. FDK 10 parses
 * at ECMAScript 2020 (FDK10LOG); a file that does not parse there exports nothing.
 */
import { Linter } from 'eslint';
import type * as ESTree from 'estree';

export type ReadExports = { ok: true; names: string[] } | { ok: false; problem: string };

export const NO_EXPORTS_LITERAL =
  'has no top-level `exports = { ... }` object literal (the FDK reports "Error while parsing file containing serverless functions"); assign the handlers as `exports = { name: function (args) { ... } }`';

function parse(code: string): ESTree.Program | string {
  const linter = new Linter();
  const messages = linter.verify(code, [{ languageOptions: { ecmaVersion: 2020, sourceType: 'script' }, rules: {} }]);
  const fatal = messages.find((message) => message.fatal === true);
  if (fatal !== undefined) return `does not parse at ECMAScript 2020 (line ${fatal.line}: ${fatal.message})`;
  return linter.getSourceCode().ast as ESTree.Program;
}

function exportsLiteral(program: ESTree.Program): ESTree.ObjectExpression | undefined {
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') continue;
    const { left, right, operator } = statement.expression;
    if (operator !== '=' || left.type !== 'Identifier' || left.name !== 'exports') continue;
    return right.type === 'ObjectExpression' ? right : undefined;
  }
  return undefined;
}

function functionName(property: ESTree.ObjectExpression['properties'][number]): string | undefined {
  if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') return undefined;
  return property.value.type === 'FunctionExpression' ? property.key.name : undefined;
}

export function readExports(code: string): ReadExports {
  const program = parse(code);
  if (typeof program === 'string') return { ok: false, problem: program };
  const literal = exportsLiteral(program);
  if (literal === undefined) return { ok: false, problem: NO_EXPORTS_LITERAL };
  const names = literal.properties.map(functionName).filter((name): name is string => name !== undefined);
  return { ok: true, names };
}
