// parallel(n, operator, { ordered: true }): the input, cut into chunks, runs through fresh copies of the
// operator, n chunks at a time; outputs leave in input order. A finished chunk's outputs wait for the earlier
// ones; the oldest chunk's outputs stream out as they come.
import { consume } from '../consumers/consume.js';
import { CoreStage } from './core.js';
import { from } from './from.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import type { StageBase } from './stage.js';
import type { DemandOptions, Operator, SubscribeOptions, Subscription } from '../types.js';

interface Chunk<B> {
  /** Outputs held until every earlier chunk is done. */
  output: B[];
  done: boolean;
  readonly stop: AbortController;
}

export class OrderedParallelStage<A, B> extends CoreStage<B> {
  private demandOptions: DemandOptions | undefined;
  private pump: Pump<A> | null = null;
  private upstreamDone = false;
  // Chunks in input order; the first one's outputs are emitted as they come.
  private chunks: Chunk<B>[] = [];

  constructor(
    private readonly source: StageBase<A>,
    private readonly operator: Operator<A, B>,
    private readonly n: number,
    name: string,
  ) {
    super({
      name,
      kind: 'parallel',
      bufferSize: Infinity,
      bufferKeep: 'last',
      inputs: [{ stage: source as StageBase<unknown>, options: {} }],
    });
  }

  override open(options: SubscribeOptions<B>): Subscription<B> {
    this.demandOptions ??= { maxDemand: options.maxDemand, minDemand: options.minDemand };
    return super.open(options);
  }

  protected onStart(): void {
    let upstream: Upstream<A>;
    try {
      upstream = new Upstream(this.source, this.demandOptions ?? {});
    } catch (error) {
      this.error(error);
      return;
    }
    // Each chunk starts a copy at once: as far as upstream is concerned, it is handled.
    this.pump = new Pump(upstream, {
      wants: () => this.running && this.wanted > 0 && this.chunks.length < this.n,
      handle: (chunk) => this.start(chunk),
      ended: () => {
        this.upstreamDone = true;
        this.completeIfIdle();
      },
      failed: (error) => this.error(error),
    });
    this.pump.run();
  }

  protected onDemandChange(): void {
    this.pump?.run();
  }

  protected onRelease(): void | Promise<void> {
    const reason = new Error(`genstage parallel ${this.name} was released`);
    for (const chunk of this.chunks) chunk.stop.abort(reason);
    const pump = this.pump;
    this.pump = null;
    pump?.stop();
    return pump?.upstream.cancel();
  }

  protected inFlight(): number {
    let running = 0;
    for (const chunk of this.chunks) if (!chunk.done) running++;
    return running;
  }

  private start(input: readonly A[]): void {
    const chunk: Chunk<B> = { output: [], done: false, stop: new AbortController() };
    this.chunks.push(chunk);
    let copy;
    try {
      copy = this.operator(from(input));
    } catch (error) {
      this.error(error);
      return;
    }
    consume(copy, (events) => this.output(chunk, events), { signal: chunk.stop.signal }).then(
      () => this.finished(chunk),
      (error: unknown) => {
        // Settled, if only by the abort of a release: no longer in flight (stats).
        chunk.done = true;
        if (!chunk.stop.signal.aborted) this.error(error);
      },
    );
  }

  private output(chunk: Chunk<B>, events: B[]): void {
    if (!this.running) return;
    if (chunk === this.chunks[0]) this.emit(events);
    else for (let i = 0; i < events.length; i++) chunk.output.push(events[i]!);
  }

  private finished(chunk: Chunk<B>): void {
    chunk.done = true;
    if (!this.running) return;
    while (this.chunks.length > 0 && this.chunks[0]!.done) {
      this.chunks.shift();
      const head = this.chunks[0];
      if (head !== undefined && head.output.length > 0) {
        const output = head.output;
        head.output = [];
        this.emit(output);
      }
    }
    this.completeIfIdle();
    this.pump?.run();
  }

  private completeIfIdle(): void {
    if (this.upstreamDone && this.chunks.length === 0) this.complete();
  }
}
