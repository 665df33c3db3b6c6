// S7's rows: the hand-written loop (the ceiling), genstage two ways, BullMQ.
import { bullmq } from './bullmq.js';
import type { RedisContender } from './contender.js';
import { genstage, genstageBatches } from './genstage.js';
import { loop } from './loop.js';

export const REDIS_CONTENDERS: readonly RedisContender[] = [loop, genstage, genstageBatches, bullmq];
