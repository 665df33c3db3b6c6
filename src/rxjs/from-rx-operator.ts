// fromRxOperator(): an RxJS operator as a genstage stage. Upstream events are fed into a Subject only while
// the stage can take the operator's output (unmet demand plus free buffer room), so a stalled consumer
// stalls upstream too; what the operator emits on its own (timers, expansions) meets the buffer's rules.
import { Subject, type Observable, type OperatorFunction } from 'rxjs';
import { toStage } from '../from.js';
import { isBatch } from '../iterate.js';
import { checkSubscribeOptions, type Connection, type StageBase } from '../stage.js';
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

const EMPTY: readonly never[] = [];

class RxOperatorStage<A, B> extends ObservableStage<B> {
  private readonly input = new Subject<A>();
  private connection: Connection<A> | null = null;
  private wake: (() => void) | null = null;
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
    try {
      this.connection = this.source.connect(this.demand);
    } catch (error) {
      this.input.error(error);
      return;
    }
    void this.feed(this.connection);
  }

  protected override onDemand(n: number): void {
    super.onDemand(n);
    this.wakeUp();
  }

  // The buffer may have made room without any demand left for onDemand.
  protected override serve(n: number) {
    const forwarded = super.serve(n);
    this.wakeUp();
    return forwarded;
  }

  protected override releaseInput(): void | Promise<void> {
    const connection = this.connection;
    this.connection = null;
    this.wakeUp();
    return connection?.subscription.cancel();
  }

  override stats(): StageStats {
    return { ...super.stats(), received: this.fed };
  }

  private async feed(connection: Connection<A>): Promise<void> {
    const { subscription, demand } = connection;
    let batch: readonly A[] = EMPTY;
    let offset = 0;
    try {
      while (this.connection === connection) {
        if (offset === batch.length) {
          let next = subscription.next();
          if (next !== null && !isBatch(next)) next = await next;
          if (this.connection !== connection) return;
          if (next === null) {
            this.input.complete();
            return;
          }
          batch = next;
          offset = 0;
        }
        const room = this.capacity();
        if (room <= 0) {
          await new Promise<void>((resolve) => (this.wake = resolve));
          continue;
        }
        const end = Math.min(batch.length, offset + Math.min(room, demand.chunk));
        for (let i = offset; i < end && this.connection === connection; i++) this.input.next(batch[i]!);
        this.fed += end - offset;
        const ask = demand.handled(end - offset);
        offset = end;
        if (ask > 0 && this.connection === connection) subscription.ask(ask);
      }
    } catch (error) {
      // Upstream failed: the RxJS operator sees the error, as it would in an RxJS pipeline (catchError, retry…).
      this.input.error(error);
    }
  }

  private wakeUp(): void {
    const wake = this.wake;
    if (wake !== null) {
      this.wake = null;
      wake();
    }
  }
}
