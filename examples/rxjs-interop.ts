// Beyond the seed: RxJS in, back-pressure in the middle, RxJS out.
// A Subject of clicks and an interval of ticks become bounded stages (fromObservable); a consumerSupervisor
// handles at most 2 at a time; toObservable hands the results back to RxJS. The fast interval cannot flood
// the slow stage: beyond its 5-event buffer the oldest ticks are dropped and counted.
import { Subject, interval, take, map } from 'rxjs';
import { consumerSupervisor, merge, pipe } from '../src/index.js';
import { fromObservable, toObservable } from '../src/rxjs/index.js';
import { runIfMain, sleep } from './scraper.js';

export async function rxjsInterop(): Promise<{ handled: string[]; dropped: number }> {
  const clicks = new Subject<string>();
  const ticks = interval(2).pipe(take(40), map((i) => `tick ${i}`));
  let dropped = 0;

  const handled = pipe(
    merge(
      fromObservable(clicks, { name: 'Clicks' }),
      fromObservable(ticks, { name: 'Ticks', bufferSize: 5, onDiscard: (count) => void (dropped += count) }),
    ),
    consumerSupervisor(2, async (event: string) => {
      await sleep(10); // slow work: the pipeline asks for more only as workers finish
      return event.toUpperCase();
    }),
  );

  const results: string[] = [];
  await new Promise<void>((resolve, reject) => {
    toObservable(handled).subscribe({ next: (x) => results.push(x), error: reject, complete: resolve });
    clicks.next('click a');
    clicks.next('click b');
    setTimeout(() => clicks.complete(), 50);
  });
  console.log(`${results.length} events handled, ${dropped} ticks dropped by the bounded buffer`);
  console.log(`first ones: ${results.slice(0, 4).join(', ')}`);
  return { handled: results, dropped };
}

runIfMain(import.meta.url, rxjsInterop);
