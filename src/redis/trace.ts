// What a redisStream stage reports besides the core's events (demand, events, done, error), through the
// same tracer: its reads, claims, acknowledgements, failures and dead letters. They are members of the
// core's TraceEvent union, so logger() prints them.
import type { TraceBody, TraceEvent } from '../observation/trace.js';

type RedisType = 'read' | 'claim' | 'ack' | 'fail' | 'deadLetter';

export type RedisTraceBody = Extract<TraceBody, { type: RedisType }>;

/** A redisStream trace event, as a tracer receives it (with the stage's name and kind). */
export type RedisTraceEvent = Extract<TraceEvent, { type: RedisType }>;
