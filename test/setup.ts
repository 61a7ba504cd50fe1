/** Shared mocha set-up: one sinon sandbox per test, restored afterwards (style.md §7). */
import sinon from 'sinon';

export const sandbox = sinon.createSandbox();

export const mochaHooks = {
  afterEach(): void {
    sandbox.restore();
  },
};
