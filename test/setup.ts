/** Shared mocha set-up: one sinon sandbox per test, restored afterwards. */
import sinon from 'sinon';

export const sandbox = sinon.createSandbox();

export const mochaHooks = {
  afterEach(): void {
    sandbox.restore();
  },
};
