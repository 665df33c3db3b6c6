// parallel(n, operator, { ordered: true }): the input, cut into chunks, runs through fresh copies of the
// operator, n chunks at a time; outputs leave in input order. A finished chunk's outputs wait for the earlier
// ones; the oldest chunk's outputs stream out as they come.
import { consume } from './consume.js';
import { CoreStage } from './core.js';
import { from } from './from.js';
import { isBatch } from './iterate.js';
import type { Connection, StageBase } from './stage.js';
import type { DemandOptions, Operator, SubscribeOptions, Subscription } from './types.js';

interface Chunk<B> {
  /** Outputs held until every earlier chunk is done. */
  output: B[];
  done: boolean;
  readonly stop: AbortController;
}

const EMPTY: readonly never[] = [];

export class OrderedParallelStage<A, B> extends CoreStage<B> {
  private demandOptions: DemandOptions | undefined;
  private upstream: Connection<A> | null = null;
  // The upstream batch being cut into chunks, and how far it was cut.
  private batch: readonly A[] = EMPTY;
  private cut = 0;
  private pulling = false;
  private upstreamDone = false;
  // Chunks in input order; the first one's outputs are emitted as they come.
  private chunks: Chunk<B>[] = [];
  // Demand of this stage's subscribers not met yet.
  private wanted = 0;

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
    try {
      this.upstream = this.source.connect(this.demandOptions ?? {});
    } catch (error) {
      this.error(error);
    }
  }

  protected onDemand(n: number): void {
    this.wanted += n;
    this.fill();
  }

  protected onRelease(): void | Promise<void> {
    const reason = new Error(`genstage parallel ${this.name} was released`);
    for (const chunk of this.chunks) chunk.stop.abort(reason);
    const upstream = this.upstream;
    this.upstream = null;
    return upstream?.subscription.cancel();
  }

  protected inFlight(): number {
    let running = 0;
    for (const chunk of this.chunks) if (!chunk.done) running++;
    return running;
  }

  protected override emit(events: readonly B[]): number {
    const delivered = super.emit(events);
    this.wanted = Math.max(this.wanted - delivered, 0);
    return delivered;
  }

  /** Starts chunks while there is demand and room in the window of `n` chunks. */
  private fill(): void {
    while (this.running && this.wanted > 0 && this.chunks.length < this.n) {
      const input = this.nextInput();
      if (input === null) return;
      this.start(input);
    }
  }

  /** The next chunk of input, or null when none is ready (a pending pull calls `fill` again). */
  private nextInput(): readonly A[] | null {
    const upstream = this.upstream!;
    if (this.cut >= this.batch.length) {
      if (this.pulling || this.upstreamDone) return null;
      let next: ReturnType<Subscription<A>['next']>;
      try {
        next = upstream.subscription.next();
      } catch (error) {
        this.error(error);
        return null;
      }
      if (next === null || !isBatch(next)) {
        this.await(next);
        return null;
      }
      this.batch = next;
      this.cut = 0;
    }
    const size = upstream.demand.chunk;
    const from = this.cut;
    this.cut = Math.min(from + size, this.batch.length);
    const input = from === 0 && this.cut === this.batch.length ? this.batch : this.batch.slice(from, this.cut);
    const ask = upstream.demand.handled(input.length);
    if (ask > 0) upstream.subscription.ask(ask);
    return input;
  }

  private await(next: Promise<readonly A[] | null> | null): void {
    const arrived = (batch: readonly A[] | null): void => {
      this.pulling = false;
      if (!this.running) return;
      if (batch === null) {
        this.upstreamDone = true;
        this.completeIfIdle();
      } else {
        this.batch = batch;
        this.cut = 0;
        this.fill();
      }
    };
    if (next === null) return arrived(null);
    this.pulling = true;
    next.then(arrived, (error: unknown) => this.error(error));
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
    this.fill();
  }

  private completeIfIdle(): void {
    if (this.upstreamDone && this.chunks.length === 0 && this.cut >= this.batch.length) this.complete();
  }
}
