// The five scenarios of reference/anchor-figures.md and S6 (CPU-bound work across cores), by id.
import type { ScenarioId } from '../types.js';
import type { Scenario } from './common.js';
import { s1 } from './s1-throughput.js';
import { s2 } from './s2-concurrency.js';
import { s3 } from './s3-fan-out.js';
import { s4 } from './s4-memory.js';
import { s5 } from './s5-merge.js';
import { s6 } from './s6-cpu.js';

export const SCENARIOS: { [S in ScenarioId]: Scenario<S> } = { S1: s1, S2: s2, S3: s3, S4: s4, S5: s5, S6: s6 };
