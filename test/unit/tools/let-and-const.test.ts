import { assert } from 'chai';
import { letAndConst } from '../../../tools/build/let-and-const.js';

describe('build: let and const restored in a bundle (tools/build/let-and-const.ts)', () => {
  it('turns module-scope var into const where never reassigned, let where it is', () => {
    const out = letAndConst('bundle.js', 'var a = 1;\nvar b = 2;\nb = a + 1;\nexports = { f: function () { return b; } };\n');
    assert.include(out, 'const a = 1;');
    assert.include(out, 'let b = 2;');
    assert.notMatch(out, /\bvar\b/);
  });

  it('refuses a bundle whose var cannot safely become let (read before its declaration), naming the line', () => {
    const code = 'function f() { return late; }\nf();\nvar late = 1;\n';
    assert.throws(() => letAndConst('bundle.js', code), /bundle\.js: the bundle keeps declarations that cannot become let\/const \(line 3/);
  });
});
