/** Runs a call the local platform must refuse, and returns the refusal's body (no assert-in-catch). */
import { assert } from 'chai';
import { PlatformRejection } from '../../../tools/platform/platform-rejection.js';

export function refusal(run: () => unknown, what: string): { status: number; message?: string } {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.instanceOf(caught, PlatformRejection, `expected ${what} to refuse`);
  return (caught as PlatformRejection).body;
}
