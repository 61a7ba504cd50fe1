/**
 * The outcome of the page's checks per snapshot of the form (the JSON of what is on the page), so
 * that validate() can answer synchronously: true only for a snapshot whose checks all passed.
 * - start(snapshot, input, fresh) checks `input` unless a check at least as fresh already runs for
 *   that snapshot (then its run is shared); an explicit attempt (fresh) is never answered by a
 *   background run, which may reuse earlier key-check failures.
 * - The latest started check of a snapshot decides its outcome: a background run that ends after a
 *   later explicit one does not overwrite it.
 * - A check that throws counts as one problem (`onFailure`), never as a pass.
 */
import type { FieldProblem } from './settings-check.js';

/** Snapshots an admin goes through on one page; older outcomes are forgotten (and checked again). */
const REMEMBERED_SNAPSHOTS = 50;

interface Run {
  fresh: boolean;
  seq: number;
  done: Promise<FieldProblem[]>;
}

export class SnapshotChecks<Input> {
  private seq = 0;
  private readonly outcomes = new Map<string, { seq: number; problems: FieldProblem[] }>();
  private readonly running = new Map<string, Run>();

  constructor(
    private readonly check: (input: Input, fresh: boolean) => Promise<FieldProblem[]>,
    private readonly onFailure: (failure: unknown) => FieldProblem[],
  ) {}

  /** Every check of this snapshot passed (the latest finished one found no problem). */
  passed(snapshot: string): boolean {
    return this.outcomes.get(snapshot)?.problems.length === 0;
  }

  /** The snapshot was checked, or a check of it is running. */
  known(snapshot: string): boolean {
    return this.outcomes.has(snapshot) || this.running.has(snapshot);
  }

  /** The problems of `snapshot` once its check ends; shares a running check at least as fresh. */
  start(snapshot: string, input: Input, fresh: boolean): Promise<FieldProblem[]> {
    const current = this.running.get(snapshot);
    if (current !== undefined && (current.fresh || !fresh)) return current.done;
    const seq = ++this.seq;
    const done = this.run(input, fresh).then((problems) => this.finish(snapshot, seq, problems));
    this.running.set(snapshot, { fresh, seq, done });
    return done;
  }

  private run(input: Input, fresh: boolean): Promise<FieldProblem[]> {
    try {
      return this.check(input, fresh).catch(this.onFailure);
    } catch (failure) {
      return Promise.resolve(this.onFailure(failure));
    }
  }

  private finish(snapshot: string, seq: number, problems: FieldProblem[]): FieldProblem[] {
    if (this.running.get(snapshot)?.seq === seq) this.running.delete(snapshot);
    const earlier = this.outcomes.get(snapshot);
    if (earlier !== undefined && earlier.seq > seq) return problems;
    this.outcomes.delete(snapshot);
    this.outcomes.set(snapshot, { seq, problems });
    const oldest = this.outcomes.keys().next().value;
    if (this.outcomes.size > REMEMBERED_SNAPSHOTS && oldest !== undefined) this.outcomes.delete(oldest);
    return problems;
  }
}
