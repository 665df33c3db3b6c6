// S7 (`npm run bench -- --only=S7`): 100,000 entries from a Redis backlog, each handled once and acknowledged,
// on a private redis-server. Separate from S1–S5: it needs a server, and its figures are round trips, not CPU.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { redisServerInstalled, startRedisServer } from '../../test/redis/redis-server.js';
import { installedVersion } from '../machine.js';
import type { RedisCaseResult } from './case.js';
import { REDIS_CONTENDERS } from './contenders.js';

const COUNT = 100_000;
const CASE = fileURLToPath(new URL('./case.ts', import.meta.url));

function runCase(id: string, url: string, count: number, reps: number): Promise<RedisCaseResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CASE, id, url, String(count), String(reps)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = output.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as RedisCaseResult);
      } catch {
        resolve({ id, failed: `exited ${code} without a result` });
      }
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runRedisBench(quick: boolean): Promise<void> {
  if (!redisServerInstalled) {
    console.log('S7 skipped: redis-server is not installed (apt-get install -y redis-server).');
    return;
  }
  const count = quick ? COUNT / 5 : COUNT;
  const reps = quick ? 1 : 5;
  const server = await startRedisServer();
  // Rounds, each contender once per round: the machine's load then weighs on all of them alike.
  const results: RedisCaseResult[] = REDIS_CONTENDERS.map((c) => ({ id: c.id, samplesMs: [] }));
  try {
    for (let round = 0; round < reps; round++) {
      for (const [i, contender] of REDIS_CONTENDERS.entries()) {
        if (results[i]!.failed !== undefined) continue;
        const result = await runCase(contender.id, server.url, count, 1);
        process.stderr.write(`  S7 ${contender.id.padEnd(18)} ${result.samplesMs ? `${result.samplesMs[0]!.toFixed(0)} ms` : result.failed}\n`);
        if (result.samplesMs) results[i]!.samplesMs!.push(...result.samplesMs);
        else results[i] = { id: contender.id, failed: result.failed ?? 'no result' };
      }
    }
  } finally {
    await server.kill();
  }
  const loop = results[0]?.samplesMs ? median(results[0].samplesMs) : undefined;
  const lines = [
    `## S7: ${count.toLocaleString('en-US')} Redis entries, each handled once and acknowledged`,
    '',
    `A private redis-server ${installedServerVersion()} on loopback; ${reps} rounds, each running every contender once in a fresh process ` +
      `(warm-up runs on a tenth of the items for 300 ms, then one timed run on a fresh backlog, filled untimed, checked: every item handled exactly once); the median of the rounds, and their spread.`,
    '',
    '| contender | median ms | min–max ms | entries/s | speed vs the loop |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [i, result] of results.entries()) {
    const contender = REDIS_CONTENDERS[i]!;
    const label = contender.packageName ? `${contender.id} ${installedVersion(contender.packageName)}` : contender.id;
    if (!result.samplesMs) {
      lines.push(`| ${label} | FAILED: ${result.failed} | | | |`);
      continue;
    }
    const ms = median(result.samplesMs);
    const range = `${Math.min(...result.samplesMs).toFixed(0)}–${Math.max(...result.samplesMs).toFixed(0)}`;
    const ratio = loop === undefined ? '' : `${(loop / ms).toFixed(2)}×`;
    lines.push(`| ${label} | ${ms.toFixed(0)} | ${range} | ${Math.round((count / ms) * 1000).toLocaleString('en-US')} | ${ratio} |`);
  }
  lines.push('', ...REDIS_CONTENDERS.map((c) => `- ${c.id}: ${c.how}`));
  console.log(lines.join('\n'));
}

function installedServerVersion(): string {
  const output = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /v=(\S+)/.exec(output)?.[1] ?? '';
}
