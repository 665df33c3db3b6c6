// concat(...sources): one source after the other, as RxJS's concat: the merge stage reading one at a time.
import { toStage } from './from.js';
import { MergeStage } from './merge.js';
import type { Source, SourceValue, Stage } from '../types.js';
import { checkSource } from '../validate.js';

/**
 * The events of each source in turn: a source is subscribed to only when the one before it ended (so a
 * generator's code runs only then), and read only while subscribers want events. The event type is the union
 * of the sources'. Completes after the last source; an error fails it (the same error object) and releases the
 * source being read. It starts over (for `retry`, or each `toObservable` subscription) when all of its sources can.
 *
 * @example
 * await toArray(concat([1, 2], from(['a']), of(3))); // [1, 2, 'a', 3]
 */
export function concat<S extends readonly Source<unknown>[]>(...sources: S): Stage<SourceValue<S[number]>> {
  sources.forEach((source, i) => checkSource(`source ${i + 1}`, source));
  return new MergeStage(sources.map((source) => toStage(source)), 'concat', 1) as Stage<SourceValue<S[number]>>;
}
