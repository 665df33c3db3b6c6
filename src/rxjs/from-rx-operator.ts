// fromRxOperator(): an RxJS operator as a genstage stage. Upstream events are fed into a Subject only while
// the stage can take the operator's output (unmet demand plus free buffer room), so a stalled consumer
// stalls upstream too; what the operator emits on its own (timers, expansions) meets the buffer's rules.
import { Subject, type Observable, type OperatorFunction } from 'rxjs';
import { toStage } from '../stages/from.js';
import { Pump } from '../protocol/pump.js';
import { Upstream } from '../protocol/upstream.js';
import { checkSubscribeOptions, type StageBase } from '../stages/stage.js';
import type { DemandOptions, Operator, Source, StageStats } from '../types.js';
import { checkFunction, checkName, checkOptions, checkSource, defaultName } from '../validate.js';
import { BUFFER_KEYS, checkObservableBuffer, type ObservableBufferOptions } from './buffer-options.js';
import { ObservableStage, type ObservableStageOptions } from './observable-stage.js';

export interface FromRxOperatorOptions extends ObservableBufferOptions, DemandOptions {
  name?: string;
}

/**
 * An RxJS operator (`bufferTime`, `debounceTime`, `switchMap`, …) as a genstage operator. The stage asks
 * upstream with `maxDemand` / `minDemand`, and feeds the events into the RxJS operator only as fast as its
 * subscribers' demand and its output buffer allow. Output the operator emits with no demand (from a timer,
 * say) waits in the buffer with fromObservable's rules (`bufferSize` default 10 000, `bufferKeep`
 * `'last'` | `'first'` | `'error'`, `onDiscard`). Upstream errors and completion are fed to the operator,
 * as in RxJS; the operator completing early (`take`) releases upstream.
 *
 * @example
 * import { bufferTime } from 'rxjs';
 * import { from, toArray } from 'genstage';
 * import { fromRxOperator } from 'genstage/rxjs';
 *
 * const batches = await toArray(from([1, 2, 3, 4, 5]).pipe(fromRxOperator(bufferTime<number>(10), { bufferSize: 100 })));
 * console.log(batches); // [[1, 2, 3, 4, 5]]
 */
export function fromRxOperator<A, B>(rxOperator: OperatorFunction<A, B>, options?: FromRxOperatorOptions): Operator<A, B> {
  checkFunction('rxOperator', rxOperator);
  const opts = checkOptions(options, ['name', 'maxDemand', 'minDemand', ...BUFFER_KEYS], 'fromRxOperator');
  const buffer = checkObservableBuffer(opts);
  const demand = checkSubscribeOptions({ maxDemand: opts.maxDemand, minDemand: opts.minDemand }, undefined, 'fromRxOperator');
  const named = opts.name === undefined ? undefined : checkName(opts.name, '');
  return (source: Source<A>) => {
    checkSource('source', source);
    const name = named ?? defaultName('fromRxOperator');
    const upstream = toStage(source);
    const inputs = [{ stage: upstream as StageBase<unknown>, options: demand }];
    return new RxOperatorStage(upstream, rxOperator, demand, { name, kind: 'fromRxOperator', inputs, ...buffer });
  };
}

class RxOperatorStage<A, B> extends ObservableStage<B> {
  private readonly input = new Subject<A>();
  private pump: Pump<A> | null = null;
  // The part of a chunk that did not fit yet, fed as the output makes room.
  private rest: { chunk: readonly A[]; offset: number; done: () => void } | null = null;
  private fed = 0;

  constructor(
    private readonly source: StageBase<A>,
    private readonly rxOperator: OperatorFunction<A, B>,
    private readonly demand: DemandOptions,
    options: ObservableStageOptions<B>,
  ) {
    super(options);
  }

  protected observe(): Observable<B> {
    return this.rxOperator(this.input.asObservable());
  }

  // The output is subscribed first, so nothing fed in is missed.
  protected override onSubscribed(): void {
    let upstream: Upstream<A>;
    try {
      upstream = new Upstream(this.source, this.demand);
    } catch (error) {
      this.input.error(error);
      return;
    }
    const input = this.input;
    this.pump = new Pump(upstream, {
      wants: () => this.capacity() > 0,
      handle: (chunk) => this.feed(chunk),
      ended: () => input.complete(),
      // Upstream failed: the RxJS operator sees the error, as it would in an RxJS pipeline (catchError, retry…).
      failed: (error) => input.error(error),
    });
    this.pump.run();
  }

  // Demand or room in the buffer: feed what waits, then pull more.
  protected override onDemandChange(): void {
    super.onDemandChange();
    this.feedRest();
    this.pump?.run();
  }

  protected override releaseInput(): void | Promise<void> {
    const pump = this.pump;
    this.pump = null;
    pump?.stop();
    this.rest = null;
    return pump?.upstream.cancel();
  }

  override stats(): StageStats {
    return { ...super.stats(), received: this.fed };
  }

  // Feeds no more than the output can take without dropping: the rest waits, and so does the pump.
  private feed(chunk: readonly A[]): void | Promise<void> {
    this.rest = { chunk, offset: 0, done: noop };
    this.feedRest();
    if (this.rest === null) return;
    const rest = this.rest;
    return new Promise<void>((resolve) => (rest.done = resolve));
  }

  private feedRest(): void {
    const rest = this.rest;
    if (rest === null) return;
    const end = Math.min(rest.chunk.length, rest.offset + Math.max(this.capacity(), 0));
    for (let i = rest.offset; i < end && this.rest === rest; i++) this.input.next(rest.chunk[i]!);
    this.fed += end - rest.offset;
    rest.offset = end;
    if (end < rest.chunk.length || this.rest !== rest) return;
    this.rest = null;
    rest.done();
  }
}

function noop(): void {}
