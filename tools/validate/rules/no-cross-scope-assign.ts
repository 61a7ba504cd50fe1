/**
 * no-cross-scope-assign, our implementation of the marketplace rule (behaviour read from CLI 6.9,
 * hemchander23/glitch-fdk-base `.fdk/fdk/package/lib/validations/custom-lint-rules/no-cross-scope-assign.js`),
 * run on front-end files only. Each function (and the program) is one scope; it knows the plain
 * identifiers its parameters and `var`/`let`/`const` declarations have named SO FAR in the walk
 * (blocks do not open a scope). Assigning (`=`, `+=`, ...) to an identifier the current function has
 * not declared is reported. As in the CLI, destructured and defaulted names, catch parameters and
 * function or class names are not declarations for this rule, so assigning to them is reported
 * too (stricter than needed; FDK 10 may have changed this, UNCONFIRMED, so the strict reading holds).
 */
import type { Rule } from 'eslint';
import type * as ESTree from 'estree';

type FunctionNode = ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression;

export const noCrossScopeAssign: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'A variable is assigned only in the function that declares it.' },
    messages: { cross: "'{{name}}' declared and assigned in different scopes. Possible asynchronous race condition." },
    schema: [],
  },
  create(context) {
    const scopes: Array<Set<string>> = [];
    const enterFunction = (node: FunctionNode): void => {
      scopes.push(new Set(node.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : []))));
    };
    const leave = (): void => {
      scopes.pop();
    };
    return {
      Program: () => {
        scopes.push(new Set());
      },
      'Program:exit': leave,
      FunctionDeclaration: enterFunction,
      'FunctionDeclaration:exit': leave,
      FunctionExpression: enterFunction,
      'FunctionExpression:exit': leave,
      ArrowFunctionExpression: enterFunction,
      'ArrowFunctionExpression:exit': leave,
      VariableDeclaration(node) {
        const current = scopes[scopes.length - 1];
        for (const declarator of node.declarations) if (declarator.id.type === 'Identifier') current?.add(declarator.id.name);
      },
      AssignmentExpression(node) {
        if (node.left.type !== 'Identifier') return;
        if (scopes[scopes.length - 1]?.has(node.left.name) !== true) context.report({ node, messageId: 'cross', data: { name: node.left.name } });
      },
    };
  },
};
