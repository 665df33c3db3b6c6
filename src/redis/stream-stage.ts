// redisStream(): a Redis Streams consumer group as a source stage. Demand is the broker's count: the stage
// reads only what its subscribers asked for, one XREADGROUP at a time on its own connection, so a slow
// pipeline leaves the backlog in Redis. Entries are acknowledged only when the pipeline says so.
import { CoreStage } from '../stages/core.js';
import type { Message, Stage, StageStats } from '../index.js';
import { AckQueue } from './ack-queue.js';
import { deadLetter, describeReason } from './dead-letter.js';
import { describeFailure, lostConnection, messageOf } from './errors.js';
import { ensureGroup } from './group.js';
import { RedisMessage, type Settler } from './message.js';
import type { Fields, RedisStreamSettings } from './options.js';
import { Reader } from './reader.js';
import { claimReply, deliveryCount, readReply, type Entry } from './replies.js';
import type { RedisTraceBody } from './trace.js';

export interface RedisStreamStats extends StageStats {
  stream: string;
  group: string;
  consumer: string;
  /** Messages handed out and not acknowledged yet (handlers running, or the XACK on its way). */
  pending: number;
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
  /** Ids handed out and not settled: a claim that returns one of them must not hand it out twice. */
  private readonly held = new Set<string>();
  private failed = 0;
  private claimed = 0;
  private deadLettered = 0;

  constructor(private readonly settings: RedisStreamSettings<T>) {
    super({ name: settings.name, kind: 'redisStream', bufferSize: Infinity, bufferKeep: 'first', trace: settings.trace });
    const { client, stream, group } = settings;
    this.reader = new Reader(client, (cause) => this.error(lostConnection(this.name, cause)));
    this.acks = new AckQueue(
      client,
      stream,
      group,
      (count) => this.report({ type: 'ack', count }),
      (cause) => this.fault(`could not acknowledge messages`, cause),
    );
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
      pending: this.held.size + this.acks.unconfirmed,
      acked: this.acks.acked,
      failed: this.failed,
      claimed: this.claimed,
      deadLettered: this.deadLettered,
    };
  }

  settleAck(message: RedisMessage<unknown>): void {
    this.held.delete(message.id);
    this.acks.add(message.id);
  }

  settleFail(message: RedisMessage<unknown>, reason: unknown): void {
    this.held.delete(message.id);
    this.failEntry(message.id, message.fields, message.attempt, reason);
  }

  protected override onStart(): void {
    this.loop = this.run();
  }

  // The loop reads what the subscribers want (the core's `wanted`) once it is free: an ask of n that the
  // buffer could not serve wakes it, and so does any later change of demand (a departure, a flushed buffer).
  protected override onDemand(): void {
    this.wakeUp();
  }

  protected override onDemandChange(): void {
    if (this.wanted > 0) this.wakeUp();
  }

  protected override inFlight(): number {
    return this.held.size;
  }

  // Graceful stop: no new reads (a blocked one is ended empty), deliver what was read, then complete.
  // Messages still being handled go on being acknowledged after that.
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
        if (this.wanted === 0) await new Promise<void>((resolve) => (this.wake = resolve));
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
    const asked = this.wanted;
    // Never blocked past the next claim: entries of dead consumers must not wait on a quiet stream.
    const block = Math.max(1, Math.min(blockMs, this.nextClaimAt - Date.now()));
    const reply = await this.reader.block(
      ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(asked), 'BLOCK', String(block), 'STREAMS', stream, '>'],
    );
    const entries = readReply(reply, stream);
    if (entries.length === 0) return;
    this.report({ type: 'read', from: 'new', asked, count: entries.length });
    this.hand(entries, () => 1);
  }

  // Entries this consumer read in an earlier run and never acknowledged (it crashed, or stopped without
  // draining). Re-reading them counts as a delivery; their delivery counts say which attempt this is.
  private async readPending(after: string): Promise<void> {
    const { group, consumer, stream } = this.settings;
    const asked = this.wanted;
    const reply = await this.reader.send(
      ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(asked), 'STREAMS', stream, after],
    );
    const entries = readReply(reply, stream);
    this.history = entries.length < asked ? null : entries[entries.length - 1]!.id;
    if (entries.length === 0) return;
    const counts = await this.deliveryCounts(entries);
    const count = this.hand(entries, (id) => counts.get(id));
    if (count > 0) this.report({ type: 'read', from: 'pending', asked, count });
  }

  // Takes over entries idle for claimIdleMs on any consumer of the group: those of a consumer that died,
  // and this one's failed messages. A scan goes on across steps until XAUTOCLAIM's cursor comes back to 0-0.
  private async claim(): Promise<void> {
    const { group, consumer, stream, claimIdleMs } = this.settings;
    const reply = await this.reader.send(
      ['XAUTOCLAIM', stream, group, consumer, String(claimIdleMs), this.claimCursor, 'COUNT', String(this.wanted)],
    );
    const { cursor, entries } = claimReply(reply);
    this.claimCursor = cursor;
    this.nextClaimAt = cursor === '0-0' ? Date.now() + Math.ceil(claimIdleMs / 2) : 0;
    // A message of ours still being handled was only slow: it stays with its handler.
    const taken = entries.filter((entry) => !this.isOurs(entry.id));
    if (taken.length === 0) return;
    const counts = await this.deliveryCounts(taken);
    const count = this.hand(taken, (id) => counts.get(id));
    this.claimed += count;
    if (count > 0) this.report({ type: 'claim', count });
  }

  /** Each entry's delivery count, this delivery included (one pipelined XPENDING per id). */
  private async deliveryCounts(entries: readonly Entry[]): Promise<Map<string, number | undefined>> {
    const { group, stream } = this.settings;
    const replies = await Promise.all(
      entries.map((entry) => this.reader.send(['XPENDING', stream, group, entry.id, entry.id, '1'])),
    );
    return new Map(entries.map((entry, i) => [entry.id, deliveryCount(replies[i])]));
  }

  /** Handed out and not settled, or acknowledged and not confirmed yet: either way not to be handed out again. */
  private isOurs(id: string): boolean {
    return this.held.has(id) || this.acks.has(id);
  }

  /**
   * Hands entries to subscribers as messages, except the deleted, the poisoned and the undecodable.
   * Returns how many messages it handed out.
   */
  private hand(entries: readonly Entry[], attemptOf: (id: string) => number | undefined): number {
    if (!this.live) return 0; // what was read stays pending, for a restart or another consumer
    const { decode, maxDeliveries } = this.settings;
    const messages: Message<T>[] = [];
    for (const { id, fields } of entries) {
      const attempt = attemptOf(id);
      // No longer pending (another consumer acknowledged it meanwhile), or already in this stage's hands.
      if (attempt === undefined || this.isOurs(id)) continue;
      if (fields === null) {
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
    // What no subscriber can take now (one left with demand it never got) waits in the buffer; meanwhile
    // `wanted` is 0, so nothing more is read.
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
