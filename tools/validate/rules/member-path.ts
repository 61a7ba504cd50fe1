/** The dotted name of a call's callee, shared by the lint rules that look for platform APIs. */
import type * as ESTree from 'estree';

export type Callee = ESTree.Expression | ESTree.Super;

/** Dotted names of a member chain: deps.store.set -> ['deps', 'store', 'set']; f().then -> ['f(...)', 'then']; anything else is '?'. */
export function memberPath(node: Callee): string[] {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    return [...memberPath(node.object), node.property.name];
  }
  if (node.type === 'CallExpression') return [`${memberPath(node.callee).join('.')}(...)`];
  return ['?'];
}
