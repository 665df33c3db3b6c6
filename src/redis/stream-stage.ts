// redisStream(): a Redis Streams consumer group as a source stage. Demand is the broker's count: the stage
// reads what its subscribers asked for (plus at most `prefetch` entries ahead), one XREADGROUP at a time on its
// own connection, so a slow pipeline leaves the backlog in Redis. Entries are acknowledged only when the
// pipeline says so.
import { CoreStage } from '../stages/core.js';
import type { Message } from '../index.js';
import { AckQueue } from './ack-queue.js';
import { describeFailure, lostConnection, messageOf } from './errors.js';
import { toMessages, type Sorting } from './entries.js';
import { Failures } from './failures.js';
import { ensureGroup } from './group.js';
import { Holdings } from './holdings.js';
import { RedisMessage, type Settler } from './message.js';
import type { RedisStreamSettings } from './options.js';
import { readAheadCount, readCount } from './read-ahead.js';
import { Reader } from './reader.js';
import { claimReply, deliveryCount, entryId, readReply, type Entry } from './replies.js';
import type { RedisStream, RedisStreamStats } from './stats.js';
import type { RedisTraceBody } from './trace.js';

/** A read on its way: its COUNT, how much of it beyond demand, and the reply to come. */
interface SentRead {
  asked: number;
  ahead: number;
  reply: Promise<unknown>;
}

export class RedisStreamStage<T> extends CoreStage<Message<T>> implements Settler {
  private readonly reader: Reader;
  private readonly acks: AckQueue<RedisMessage<T> | { id: string }>;
  private wake: (() => void) | null = null;
  /** A read of new entries sent before the last one's entries were handed out (`prefetch`), not taken yet. */
  private ahead: SentRead | null = null;
  private loop: Promise<void> | null = null;
  private draining = false;
  private released = false;
  /** Own pending entries left from an earlier run are re-read (from this id) before new ones. */
  private history: string | null = '0';
  private claimCursor = '0-0';
  private nextClaimAt: number;
  /** Messages read and still pending on this consumer: buffered, being handled, or in an unconfirmed XACK. */
  private readonly held = new Holdings();
  /** Messages delivered to subscribers and not settled yet (read-ahead ones in the buffer are not counted). */
  private outstanding = 0;
  private readonly failures: Failures;
  private readonly sorting: Sorting<T>;
  private claimed = 0;

  constructor(private readonly settings: RedisStreamSettings<T>) {
    super({ name: settings.name, kind: 'redisStream', bufferSize: Infinity, bufferKeep: 'first', trace: settings.trace });
    const { client, stream, group } = settings;
    this.reader = new Reader(client, (cause) => this.error(lostConnection(this.name, cause)));
    this.acks = new AckQueue(client, stream, group, {
      settled: (acked) => {
        for (const message of acked) if (message instanceof RedisMessage) this.held.letGo(message);
      },
      confirmed: (count) => this.report({ type: 'ack', count }),
      failed: (cause) => this.fault(`could not acknowledge messages`, cause),
    });
    this.failures = new Failures(settings, (body) => this.report(body), (what, cause) => this.fault(what, cause));
    this.sorting = { settings, failures: this.failures, ack: (acked) => this.acks.add(acked), settler: this };
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
      failed: this.failures.failed,
      claimed: this.claimed,
      deadLettered: this.failures.deadLettered,
    };
  }

  // Still pending until the XACK is confirmed: the message stays held till then.
  settleAck(message: RedisMessage<T>): void {
    this.outstanding -= 1;
    this.acks.add(message);
  }

  settleFail(message: RedisMessage<T>, reason: unknown): void {
    this.outstanding -= 1;
    this.held.letGo(message);
    this.failures.fail(message.id, message.fields, message.attempt, reason);
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

  // Every ask passes here (a consumerSupervisor asks as each worker frees): a loop that is reading now looks
  // at the demand again when its read is back, so only a waiting loop needs the check.
  protected override onDemandChange(): void {
    if (this.wake !== null && this.toRead > 0) this.wakeUp();
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
        if (this.ahead === null && this.toRead === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        else await this.step();
      }
      // A graceful stop delivers what a read sent ahead brings, as what any read brings.
      if (this.ahead !== null && !this.released) await this.readNew();
    } catch (error) {
      if (!this.released) this.error(describeFailure(this.name, this.settings, error, this.reader.isOpen));
    } finally {
      await this.reader.close();
    }
    if (this.draining) this.complete();
  }

  private step(): Promise<void> {
    if (this.ahead !== null) return this.readNew();
    if (Date.now() >= this.nextClaimAt) return this.claim();
    if (this.history !== null) return this.readPending(this.history);
    return this.readNew();
  }

  private async readNew(): Promise<void> {
    const read = this.ahead ?? this.sendRead(this.toRead, this.wanted);
    this.ahead = null;
    const entries = readReply(await read.reply, this.settings.stream);
    if (entries.length === 0) return;
    this.report({ type: 'read', from: 'new', asked: read.asked, ahead: read.ahead, count: entries.length });
    // node-redis writes commands on the next setImmediate: handing these out after it puts the next read on
    // the wire first, so Redis prepares it while the pipeline handles them.
    if (this.sendAhead(entries.length)) await new Promise<void>((resolve) => setImmediate(resolve));
    // Never delivered before: first attempts, and none can be this stage's already.
    this.hand(entries, null);
  }

  private sendRead(asked: number, wanted: number): SentRead {
    const { group, consumer, stream, blockMs } = this.settings;
    // Never blocked past the next claim: entries of dead consumers must not wait on a quiet stream.
    const block = Math.max(1, Math.min(blockMs, this.nextClaimAt - Date.now()));
    const reply = this.reader.block(
      ['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(asked), 'BLOCK', String(block), 'STREAMS', stream, '>'],
    );
    return { asked, ahead: Math.max(asked - wanted, 0), reply };
  }

  /** With read-ahead, sends the next read before `count` entries just read are handed out, when it is due. */
  private sendAhead(count: number): boolean {
    if (!this.reading || !this.running || Date.now() >= this.nextClaimAt) return false;
    const wanted = this.wanted;
    const asked = readAheadCount(wanted, this.buffered, count, this.settings.prefetch);
    if (asked === 0) return false;
    const read = this.sendRead(asked, Math.max(wanted - this.buffered - count, 0));
    // Awaited by the next step; a stage released before that never awaits it, and its failure is no news.
    read.reply.catch(() => undefined);
    this.ahead = read;
    return true;
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
    const ours = this.held.ids();
    const taken = entries.filter((entry) => !ours.has(entryId(entry)));
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

  /** Hands entries to subscribers as messages (see toMessages); returns how many it handed out. */
  private hand(entries: readonly Entry[], attemptOf: ((id: string) => number | undefined) | null): number {
    if (!this.live) return 0; // what was read stays pending, for a restart or another consumer
    const ours = attemptOf === null ? null : this.held.ids();
    const messages = toMessages(entries, attemptOf, ours, this.sorting);
    if (messages.length === 0) return 0;
    this.held.hold(messages);
    this.received += messages.length;
    // What no subscriber can take now (read ahead, or one left with demand it never got) waits in the buffer;
    // meanwhile `wanted` is 0, so only read-ahead refills are read.
    this.emit(messages);
    return messages.length;
  }

  /** A command on the user's client failed: the stage fails, unless it is over already. */
  private fault(what: string, cause: unknown): void {
    if (this.live) this.error(new Error(`redisStream ${this.name} ${what}: ${messageOf(cause)}`, { cause }));
  }

  private report(body: RedisTraceBody): void {
    this.trace(body);
  }
}
