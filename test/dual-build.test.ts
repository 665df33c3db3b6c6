// Two copies of genstage in one process (the CommonJS and the ES module builds, or two installed versions):
// a stage made by one is a stage to the other, because stages carry a registered-symbol brand.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import * as first from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(`${root}dist/index.cjs`) && existsSync(`${root}dist/index.js`);
// CI builds before testing (.ci/run); locally the build-dependent test is skipped without a build, saying why.
const required = process.env.CI === 'true';

describe('a stage from another copy of genstage', () => {
  it('is a stage there: isStage, pipe, subscribe views, toMermaid and toArray work across copies', async () => {
    vi.resetModules();
    const second = (await import('../src/index.js')) as typeof first;
    expect(second.from).not.toBe(first.from);

    const pages = first.producer<string>({ name: 'PageProducer' });
    expect(second.isStage(pages)).toBe(true);
    expect(second.isStage(pages.subscribe({ maxDemand: 3 }))).toBe(true);
    expect(second.isStage([1, 2])).toBe(false);

    const upper = second.producerConsumer((xs: string[]) => xs.map((x) => x.toUpperCase()), { name: 'Upper' });
    expect(second.toMermaid(second.pipe(pages.subscribe({ maxDemand: 3, minDemand: 0 }), upper))).toBe(
      [
        'graph LR;',
        '  s1(["PageProducer<br/>producer"])',
        '  s2["Upper<br/>producerConsumer"]',
        '  s1 -->|"maxDemand 3, minDemand 0"| s2',
      ].join('\n'),
    );
    expect(await first.toArray(second.pipe(first.from(['a', 'b']), upper))).toEqual(['A', 'B']);
  });
});

describe.skipIf(!built && !required)('the CommonJS and ES module builds in one process', () => {
  it('see each other’s stages (needs `npm run build`)', () => {
    if (!built) throw new Error('dist/ is missing, and CI=true requires this test to run (.ci/run builds first)');
    const script = `
      const cjs = require('./dist/index.cjs');
      import('./dist/index.js').then(async (esm) => {
        const stage = cjs.from([1, 2, 3], { name: 'Numbers' });
        const doubled = esm.pipe(stage, esm.producerConsumer((xs) => xs.map((x) => x * 2), { name: 'Double' }));
        console.log(JSON.stringify({
          esmSeesCjs: esm.isStage(stage),
          cjsSeesEsm: cjs.isStage(doubled),
          mermaid: cjs.toMermaid(doubled),
          stats: esm.pipelineStats(doubled).map((s) => s.name),
          values: await cjs.toArray(doubled),
        }));
      });
    `;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      esmSeesCjs: true,
      cjsSeesEsm: true,
      mermaid: ['graph LR;', '  s1(["Numbers<br/>from"])', '  s2["Double<br/>producerConsumer"]', '  s1 --> s2'].join('\n'),
      stats: ['Numbers', 'Double'],
      values: [2, 4, 6],
    });
  });
});
