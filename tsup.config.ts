import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  // Five entry points sharing one copy of the core (splitting), so instanceof checks hold across them.
  entry: {
    index: 'src/index.ts',
    operators: 'operators/index.ts',
    rxjs: 'src/rxjs/index.ts',
    redis: 'src/redis/index.ts',
    workers: 'src/workers/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps in the published package (they were two thirds of it): `npm run build -- --sourcemap`
  // makes them for local debugging, and `files` in package.json keeps any out of the tarball.
  sourcemap: false,
  target: 'es2022',
  splitting: true,
  treeshake: true,
  external: ['rxjs', 'redis'],
  // The bootstrap every worker thread runs is plain JavaScript, shipped as is beside the bundles, with the
  // module it shares with the stage.
  async onSuccess() {
    await copyFile('src/workers/bootstrap.mjs', 'dist/bootstrap.mjs');
    await copyFile('src/workers/transfer.mjs', 'dist/transfer.mjs');
  },
});
