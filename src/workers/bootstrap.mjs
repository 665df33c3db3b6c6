// The first file every genstage/workers thread runs. It stays plain JavaScript, shipped as is beside the built
// package, so the same file starts workers from dist/ and from the TypeScript sources under a test runner.
//
// Messages from the stage: `{ id, events }`, one batch at a time within this worker's credit.
// Messages to the stage: `{ id, results }` once `handleEvents` returned, or `{ id, error }` if it threw.
import { parentPort, workerData } from 'node:worker_threads';
import { collectBuffers } from './transfer.mjs';

const { moduleUrl, typescript, transfer } = workerData;

if (typescript) await registerTypeScript();
const handleEvents = findHandler(await import(moduleUrl));

// Batches are handled one after the other, in the order they came: the stage's credit already bounds how
// many wait here, so this queue never grows past `maxDemand` events.
const queue = [];
let busy = false;

parentPort.on('message', (batch) => {
  queue.push(batch);
  if (!busy) void drain();
});

async function drain() {
  busy = true;
  while (queue.length > 0) {
    const { id, events } = queue.shift();
    let results;
    try {
      results = toArray(await handleEvents(events));
    } catch (error) {
      parentPort.postMessage({ id, error: describe(error) });
      continue;
    }
    try {
      post({ id, results });
    } catch (error) {
      // Results that cannot cross (a function, a class instance holding one) fail the batch like a throw.
      parentPort.postMessage({ id, error: describe(error) });
    }
  }
  busy = false;
}

function post(message) {
  if (!transfer) {
    parentPort.postMessage(message);
    return;
  }
  parentPort.postMessage(message, collectBuffers(message.results));
}

function toArray(results) {
  if (results === undefined || results === null) return [];
  if (Array.isArray(results)) return results;
  if (typeof results[Symbol.iterator] === 'function' && typeof results !== 'string') return Array.from(results);
  throw new TypeError(`handleEvents of ${moduleUrl} must return an array of events, got ${typeof results}`);
}

function findHandler(module) {
  const handler = module.handleEvents ?? module.default?.handleEvents;
  if (typeof handler !== 'function') {
    throw new TypeError(`${moduleUrl} must export a function handleEvents(events), got ${typeof handler}`);
  }
  return handler;
}

// A thrown value crosses as plain fields: the stage rebuilds an Error naming this worker around them.
function describe(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack, code: error.code };
  }
  return { name: 'Error', message: `a non-Error was thrown: ${String(error)}`, stack: undefined, code: undefined };
}

// A TypeScript module under test runners and tsx: tsx registers its loader in this thread too.
async function registerTypeScript() {
  let api;
  try {
    api = await import('tsx/esm/api');
  } catch (error) {
    throw new Error(`${moduleUrl} is TypeScript: install tsx to run it in a worker, or point at its built .js file`, {
      cause: error,
    });
  }
  api.register();
}
