// redisStream(): a Redis Streams consumer group as a source stage. Demand is the broker's count: the stage
// reads what its subscribers asked for (plus at most `prefetch` entries ahead), one XREADGROUP at a time on its
// own connection, so a slow pipeline leaves the backlog in Redis. Entries are acknowledged only when the
// pipeline says so.
import { CoreStage } from '../stages/core.js';
import type { Message, Stage, StageStats } from '../index.js';
import { AckQueue } from './ack-queue.js';
import { deadLetter, describeReason } from './dead-letter.js';
import { describeFailure, lostConnection, messageOf } from './errors.js';
import { ensureGroup } from './group.js';
import { RedisMessage, type Settler } from './message.js';
import type { Fields, RedisStreamSettings } from './options.js';
import { readCount } from './read-ahead.js';
import { Reader } from './reader.js';
import { claimReply, deliveryCount, entryFields, entryId, readReply, type Entry } from './replies.js';
import type { RedisTraceBody } from './trace.js';

export interface RedisStreamStats extends StageStats {
  stream: string;
  group: string;
  consumer: string;
  /**
   * Entries read and not acknowledged yet: read ahead and waiting in the buffer (`buffered`), being handled
   * (`inFlight`), or acknowledged with the XACK on its way. All are pending on this consumer in Redis.
   */
  pending: number;
  /** The `prefetch` option: entries read ahead of demand, at most. */
  prefetch: number;
  /** Entries acknowledged (confirmed by Redis). */
  acked: number;
  /** Messages failed (`fail()`): left pending for redelivery, or dead-lettered on their last delivery. */
  failed: number;
  /** Entries taken over from idle consumers (this one included, for its failed messages). */
  claimed: number;
  /** Entries copied to the dead-letter stream and acknowledged. */
  deadLettered: number;
}

export interface RedisStream<T> extends Stage<Message<T>> {
  stats(): RedisStreamStats;
}

export class RedisStreamStage<T> extends CoreStage<Message<T>> implements Settler {
  private readonly reader: Reader;
  private readonly acks: AckQueue;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private draining = false;
  private released = false;
  /** Own pending entries left from an earlier run are re-read (from this id) before new ones. */
  private history: string | null = '0';
  private claimCursor = '0-0';
  private nextClaimAt: number;
  /**
   * Ids read and still pending on this consumer: buffered, being handled, or in an XACK not confirmed yet. A
   * claim that returns one of them must not hand it out twice.
   */
  private readonly held = new Set<string>();
  /** Messages delivered to subscribers and not settled yet (read-ahead ones in the buffer are not counted). */
  private outstanding = 0;
  private failed = 0;
  private claimed = 0;
  private deadLettered = 0;

  constructor(private readonly settings: RedisStreamSettings<T>) {
    super({ name: settings.name, kind: 'redisStream', bufferSize: Infinity, bufferKeep: 'first', trace: settings.trace });
    const { client, stream, group } = settings;
    this.reader = new Reader(client, (cause) => this.error(lostConnection(this.name, cause)));
    this.acks = new AckQueue(client, stream, group, {
      settled: (ids) => {
        for (const id of ids) this.held.delete(id);
      },
      confirmed: (count) => this.report({ type: 'ack', count }),
      failed: (cause) => this.fault(`could not acknowledge messages`, cause),
    });
    // Claims start at once: a consumer that died before this one started left work to take over.
    this.nextClaimAt = settings.claimIdleMs === Infinity ? Infinity : 0;
  }

  override stats(): RedisStreamStats {
    const { stream, group, consumer } = this.settings;
    return {
      ...super.stats(),
      stream,
      group,
      consumer,
      pending: this.held.size,
      prefetch: this.settings.prefetch,
      acked: this.acks.acked,
      failed: this.failed,
      claimed: this.claimed,
      deadLettered: this.deadLettered,
    };
  }

  // Still pending until the XACK is confirmed: the id stays held till then.
  settleAck(message: RedisMessage<unknown>): void {
    this.outstanding -= 1;
    this.acks.add(message.id);
  }

  settleFail(message: RedisMessage<unknown>, reason: unknown): void {
    this.outstanding -= 1;
    this.held.delete(message.id);
    this.failEntry(message.id, message.fields, message.attempt, reason);
  }

  protected override onStart(): void {
    this.loop = this.run();
  }

  // The loop reads what the subscribers want (the core's `wanted`) once it is free: an ask of n that the
  // buffer could not serve wakes it, and so does any later change of demand (a departure, a flushed buffer),
  // or, with read-ahead, asks served from the buffer that took it down to its low-water mark.
  protected override onDemand(): void {
    this.wakeUp();
  }

  protected override onDemandChange(): void {
    if (this.toRead > 0) this.wakeUp();
  }

  protected override onDelivered(count: number): void {
    this.outstanding += count;
  }

  protected override inFlight(): number {
    return Math.max(this.outstanding, 0);
  }

  // Graceful stop: no new reads (a blocked one is ended empty), deliver what was read (read-ahead entries
  // included, as subscribers ask for them), then complete. Messages still being handled go on being
  // acknowledged after that. A stop that does not drain releases the stage instead: the core drops its buffer,
  // and what was read ahead stays pending in Redis, never acknowledged, for a restart or another consumer.
  protected override onDrain(): void {
    if (this.loop === null) {
      this.complete();
      return;
    }
    this.draining = true;
    this.acks.hurry();
    this.wakeUp();
    this.reader.unblock();
  }

  protected override onRelease(): Promise<void> | void {
    this.released = true;
    this.acks.hurry();
    this.wakeUp();
    this.reader.destroy();
    return this.loop ?? undefined;
  }

  private get reading(): boolean {
    return !this.draining && !this.released && this.live;
  }

  /** The COUNT of the next read: what subscribers want, plus read-ahead (`prefetch`); 0 to wait. */
  private get toRead(): number {
    return this.running ? readCount(this.wanted, this.buffered, this.settings.prefetch) : 0;
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async run(): Promise<void> {
    try {
      const { client, stream, group, createGroup, startId } = this.settings;
      if (!client.isOpen) {
        throw new Error(`redisStream ${this.name} needs a connected client: await client.connect() before the pipeline starts`);
      }
      await this.reader.open();
      await ensureGroup(this.reader, { stream, group, createGroup, startId, name: this.name });
      while (this.reading) {
        if (this.toRead === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        else await this.step();
      }
    } catch (error) {
      if (!this.released) this.error(describeFailure(this.name, this.settings, error, this.reader.isOpen));
    } finally {
      await this.reader.close();
    }
    if (this.draining) this.complete();
  }

  private step(): Promise<void> {
    if (Date.now() >= this.nextClaimAt) return this.claim();
    if (this.history !== null) return this.readPending(this.history);
    return this.readNew();
  }

  private async readNew(): Promise<void> {
    const { group, consumer, stream, blockMs } = this.settings;
    const asked = this.toRead;
    const ahead = asked - this.wanted;
    // Never blocked past the next claim: entries of dead consumers must not wait on a quiet stream.
    const block = Math.max(1, Math.min(blockMs, this.nextClaimAt - Date.now()));
    const reply = await this.reader.block(
      ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(asked), 'BLOCK', String(block), 'STREAMS', stream, '>'],
    );
    const entries = readReply(reply, stream);
    if (entries.length === 0) return;
    this.report({ type: 'read', from: 'new', asked, ahead, count: entries.length });
    // Never delivered before: first attempts, and none can be this stage's already.
    this.hand(entries, null);
  }

  // Entries this consumer read in an earlier run and never acknowledged (it crashed, or stopped without
  // draining). Re-reading them counts as a delivery; their delivery counts say which attempt this is.
  private async readPending(after: string): Promise<void> {
    const { group, consumer, stream } = this.settings;
    const asked = this.toRead;
    const ahead = asked - this.wanted;
    const reply = await this.reader.send(
      ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(asked), 'STREAMS', stream, after],
    );
    const entries = readReply(reply, stream);
    this.history = entries.length < asked ? null : entryId(entries[entries.length - 1]!);
    if (entries.length === 0) return;
    const counts = await this.deliveryCounts(entries);
    const count = this.hand(entries, (id) => counts.get(id));
    if (count > 0) this.report({ type: 'read', from: 'pending', asked, ahead, count });
  }

  // Takes over entries idle for claimIdleMs on any consumer of the group: those of a consumer that died,
  // and this one's failed messages. A scan goes on across steps until XAUTOCLAIM's cursor comes back to 0-0.
  private async claim(): Promise<void> {
    const { group, consumer, stream, claimIdleMs } = this.settings;
    const reply = await this.reader.send(
      ['XAUTOCLAIM', stream, group, consumer, String(claimIdleMs), this.claimCursor, 'COUNT', String(this.toRead)],
    );
    const { cursor, entries } = claimReply(reply);
    this.claimCursor = cursor;
    this.nextClaimAt = cursor === '0-0' ? Date.now() + Math.ceil(claimIdleMs / 2) : 0;
    // A message of ours still being handled was only slow: it stays with its handler.
    const taken = entries.filter((entry) => !this.held.has(entryId(entry)));
    if (taken.length === 0) return;
    const counts = await this.deliveryCounts(taken);
    const count = this.hand(taken, (id) => counts.get(id));
    this.claimed += count;
    if (count > 0) this.report({ type: 'claim', count });
  }

  /** Each entry's delivery count, this delivery included (one pipelined XPENDING per id). */
  private async deliveryCounts(entries: readonly Entry[]): Promise<Map<string, number | undefined>> {
    const { group, stream } = this.settings;
    const ids = entries.map(entryId);
    const replies = await Promise.all(ids.map((id) => this.reader.send(['XPENDING', stream, group, id, id, '1'])));
    return new Map(ids.map((id, i) => [id, deliveryCount(replies[i])]));
  }

  /**
   * Hands entries to subscribers as messages, except the deleted, the poisoned and the undecodable.
   * `attemptOf` null: entries read for the first time. Returns how many messages it handed out.
   */
  private hand(entries: readonly Entry[], attemptOf: ((id: string) => number | undefined) | null): number {
    if (!this.live) return 0; // what was read stays pending, for a restart or another consumer
    const { decode, maxDeliveries } = this.settings;
    const messages: Message<T>[] = [];
    for (const entry of entries) {
      const id = entryId(entry);
      let attempt = 1;
      if (attemptOf !== null) {
        const count = attemptOf(id);
        // No longer pending (another consumer acknowledged it meanwhile), or already in this stage's hands.
        if (count === undefined || this.held.has(id)) continue;
        attempt = count;
      }
      const fields = entryFields(entry);
      if (fields === null) {
        this.held.add(id);
        this.acks.add(id); // trimmed or deleted from the stream: nothing left to handle
        continue;
      }
      if (attempt > maxDeliveries) {
        this.bury(id, fields, attempt - 1, `delivered ${attempt - 1} times without being acknowledged`);
        continue;
      }
      let data: T;
      try {
        data = decode === undefined ? (fields as T) : decode(fields, id);
      } catch (error) {
        this.failEntry(id, fields, attempt, error);
        continue;
      }
      this.held.add(id);
      messages.push(new RedisMessage(id, data, attempt, fields, this));
    }
    if (messages.length === 0) return 0;
    this.received += messages.length;
    // What no subscriber can take now (read ahead, or one left with demand it never got) waits in the buffer;
    // meanwhile `wanted` is 0, so only read-ahead refills are read.
    this.emit(messages);
    return messages.length;
  }

  private failEntry(id: string, fields: Fields, attempt: number, reason: unknown): void {
    this.failed += 1;
    this.report({ type: 'fail', id, attempt, reason });
    // The last allowed delivery failed: dead-letter it now, while its error is known.
    if (attempt >= this.settings.maxDeliveries) this.bury(id, fields, attempt, reason);
  }

  private bury(id: string, fields: Fields, deliveries: number, reason: unknown): void {
    const { client, stream, group, consumer, deadLetterStream } = this.settings;
    if (deadLetterStream === undefined || !client.isOpen) return;
    deadLetter({ client, stream, group, consumer, deadLetterStream }, { id, fields, deliveries, reason }).then(
      () => {
        this.deadLettered += 1;
        this.report({ type: 'deadLetter', id, deliveries, reason: describeReason(reason) });
      },
      (cause: unknown) => this.fault(`could not dead-letter entry ${id} to ${deadLetterStream}`, cause),
    );
  }

  /** A command on the user's client failed: the stage fails, unless it is over already. */
  private fault(what: string, cause: unknown): void {
    if (this.live) this.error(new Error(`redisStream ${this.name} ${what}: ${messageOf(cause)}`, { cause }));
  }

  private report(body: RedisTraceBody): void {
    this.trace(body);
  }
}
