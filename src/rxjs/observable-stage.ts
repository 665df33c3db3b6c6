// A stage fed by an RxJS Observable. It subscribes on the first demand; what one synchronous burst pushes
// while subscribers have demand goes out as one batch; the rest waits in the producer's buffer, with its
// overflow rules. Completion and errors reach subscribers after the events pushed before them.
import { Observable, type Subscription } from 'rxjs';
import { CoreStage, reportDiscard } from '../stages/core.js';
import type { DispatcherFactory } from '../dispatchers/dispatcher.js';
import type { StageInput } from '../stages/stage.js';
import { BufferOverflowError, type ObservableBuffer, type ObservableBufferKeep } from './buffer-options.js';
import { BurstReport } from './burst-report.js';

export interface ObservableStageOptions<T> extends ObservableBuffer {
  name: string;
  kind: string;
  dispatcher?: DispatcherFactory<T> | undefined;
  /** The stages this one reads from, for stats, diagrams and start()/stop(). */
  inputs?: readonly StageInput[];
}

export abstract class ObservableStage<T> extends CoreStage<T> {
  private readonly keep: ObservableBufferKeep;
  private readonly discardReport: BurstReport;
  private upstream: Subscription | null = null;
  private subscribed = false;
  private ended = false;
  private readonly bufferSize: number;
  private pending: T[] = [];
  // limit() when last computed: it only grows in between (demand, a drained buffer), so flushing at a
  // stale value is early, never lossy.
  private flushAt = 0;
  private inBurst = false;

  constructor(options: ObservableStageOptions<T>) {
    super({
      name: options.name,
      kind: options.kind,
      dispatcher: options.dispatcher,
      inputs: options.inputs,
      bufferSize: options.bufferSize,
      // 'error' keeps what fits, in order, and fails once something did not.
      bufferKeep: options.bufferKeep === 'error' ? 'first' : options.bufferKeep,
      // Discards are reported here, once per burst (the stats still count each one).
      onDiscard: () => undefined,
    });
    this.keep = options.bufferKeep;
    this.bufferSize = options.bufferSize;
    this.discardReport = new BurstReport(options.onDiscard ?? ((count) => reportDiscard(this.name, count)));
    // A throwing onDiscard fails the stage, as it does a producer.
    this.discardReport.onError = (error) => this.error(error);
  }

  /** The observable to subscribe to, called once, on the first demand. */
  protected abstract observe(): Observable<T>;

  /** The observable was subscribed (and did not finish synchronously). */
  protected onSubscribed(): void {}

  /** Nothing more will be pushed, or the stage was released: let go of whatever feeds the observable. */
  protected releaseInput(): void | Promise<void> {}

  /** How many more events the stage can take without dropping any. */
  protected capacity(): number {
    return this.limit() - this.pending.length;
  }

  protected onDemandChange(): void {
    this.flushAt = this.limit();
    if (!this.subscribed && this.wanted > 0) this.subscribeUpstream();
  }

  // start()'s graceful stop: unsubscribe, deliver what is held, then end.
  protected override onDrain(): void {
    this.terminate(null);
  }

  protected onRelease(): void | Promise<void> {
    this.ended = true;
    this.pending = [];
    this.unsubscribe();
    return this.releaseInput();
  }

  /** The events one flush can take without dropping any: unmet demand plus free buffer room. */
  private limit(): number {
    return this.wanted + this.bufferSize - this.buffered;
  }

  private subscribeUpstream(): void {
    this.subscribed = true;
    let source: Observable<T>;
    try {
      source = this.observe();
    } catch (error) {
      this.error(error);
      return;
    }
    // The wrapper hands us the subscription before a synchronous source pushes its first value, so an
    // overflow in the middle of a synchronous burst can unsubscribe at once.
    new Observable<T>((subscriber) => {
      this.upstream = subscriber;
      return source.subscribe(subscriber);
    }).subscribe({
      next: (value) => this.accept(value),
      error: (error: unknown) => this.terminate({ error }),
      complete: () => this.terminate(null),
    });
    if (!this.ended) this.onSubscribed();
  }

  private accept(value: T): void {
    if (this.upstream === null) return;
    const pending = this.pending;
    pending.push(value);
    if (!this.inBurst) {
      this.inBurst = true;
      queueMicrotask(this.endBurst);
    }
    if (pending.length >= this.flushAt) this.flush();
  }

  private readonly endBurst = (): void => {
    this.inBurst = false;
    this.flush();
  };

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.received += batch.length;
    const room = this.bufferSize - this.buffered;
    const delivered = this.emit(batch);
    const leftovers = batch.length - delivered;
    this.flushAt = this.limit();
    const lost = leftovers - room;
    if (lost <= 0) return;
    if (this.keep === 'error') this.terminate({ error: new BufferOverflowError(this.name, this.bufferSize) });
    else this.discardReport.add(lost);
  }

  private terminate(failure: { error: unknown } | null): void {
    if (this.ended) return;
    this.flush();
    if (this.ended) return; // the flush overflowed: that error wins, the events it lost came first
    this.ended = true;
    this.unsubscribe();
    const released = this.releaseInput();
    if (released) released.catch(() => undefined);
    // A failure reaches subscribers after the events pushed before it, as the core delivers what it holds first.
    if (failure === null) this.complete();
    else this.error(failure.error);
  }

  private unsubscribe(): void {
    const upstream = this.upstream;
    this.upstream = null;
    upstream?.unsubscribe();
  }
}
