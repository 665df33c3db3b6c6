// Collects what happens during one step (the corpus's per-step observation) and waits for quiescence.
import type { Observation } from './scenario.js';

/** Consecutive quiet macrotask turns that count as quiescence (GenStage: every mailbox empty). */
const QUIET_TURNS = 3;
/** A step that keeps changing things after this many turns never settles: reported, not waited on forever. */
const MAX_TURNS = 2_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class StepRecorder {
  private demands: number[] = [];
  private discards: number[] = [];
  private batches = new Map<number, number[][]>();
  private done = new Set<number>();
  private pcEvents: number[][] = [];
  private errors: string[] = [];
  // Bumped on every recorded thing: settle() watches it to see whether anything is still moving.
  private activity = 0;

  constructor(private readonly buffered: () => { producer: number; pc: number | undefined }) {}

  demand(n: number): void {
    this.demands.push(n);
    this.activity++;
  }

  discard(count: number): void {
    this.discards.push(count);
    this.activity++;
  }

  batch(consumer: number, events: readonly number[]): void {
    let list = this.batches.get(consumer);
    if (list === undefined) this.batches.set(consumer, (list = []));
    list.push([...events]);
    this.activity++;
  }

  finished(consumer: number): void {
    this.done.add(consumer);
    this.activity++;
  }

  handled(events: readonly number[]): void {
    this.pcEvents.push([...events]);
    this.activity++;
  }

  error(where: string, error: unknown): void {
    this.errors.push(`${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    this.activity++;
  }

  /** Waits until nothing was recorded and no buffer changed for a few macrotask turns. */
  async settle(): Promise<void> {
    let last = this.signature();
    let quiet = 0;
    for (let i = 0; quiet < QUIET_TURNS; i++) {
      if (i === MAX_TURNS) {
        this.errors.push(`replayer: still active after ${MAX_TURNS} macrotask turns`);
        return;
      }
      await turn();
      const now = this.signature();
      if (now === last) quiet++;
      else {
        quiet = 0;
        last = now;
      }
    }
  }

  /** The step's observation, in the corpus format; starts the next step afresh. */
  take(step: number): Observation {
    const { producer, pc } = this.buffered();
    const batches: Record<string, number[][]> = {};
    for (const consumer of [...this.batches.keys()].sort((a, b) => a - b)) {
      batches[String(consumer)] = this.batches.get(consumer)!;
    }
    const observation: Observation = {
      step,
      demands: this.demands,
      discards: this.discards,
      batches,
      done: [...this.done].sort((a, b) => a - b),
      buffered: producer,
    };
    if (pc !== undefined) {
      observation.pc_events = this.pcEvents;
      observation.pc_buffered = pc;
    }
    if (this.errors.length > 0) observation.errors = this.errors;
    this.demands = [];
    this.discards = [];
    this.batches = new Map();
    this.done = new Set();
    this.pcEvents = [];
    this.errors = [];
    return observation;
  }

  private signature(): string {
    const { producer, pc } = this.buffered();
    return `${this.activity}/${producer}/${pc}`;
  }
}
