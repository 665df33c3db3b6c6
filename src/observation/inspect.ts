// Seeing a pipeline: its stages upstream first, their stats, and a mermaid diagram like the seed's.
import { isStage, isView, type StageBase, type StageInput } from '../stages/stage.js';
import type { Source, StageStats, SubscribeOptions } from '../types.js';
import { checkSource } from '../validate.js';

/** A stage of the graph with the edges that feed it. */
export interface GraphNode {
  readonly stage: StageBase<unknown>;
  readonly inputs: readonly { from: StageBase<unknown>; options: SubscribeOptions<unknown> }[];
}

/** The stage behind a view, with the view's subscription options folded in. */
function unwrap(input: StageInput): { from: StageBase<unknown>; options: SubscribeOptions<unknown> } {
  let stage = input.stage;
  let options = input.options;
  while (isView(stage)) {
    options = { ...stage.options, ...definedOnly(options) };
    stage = stage.parent as StageBase<unknown>;
  }
  return { from: stage, options };
}

function definedOnly(options: SubscribeOptions<unknown>): SubscribeOptions<unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** Every stage feeding `last` (and `last` itself), upstream first. */
export function pipelineGraph(last: Source<unknown>): GraphNode[] {
  const order: GraphNode[] = [];
  const seen = new Set<StageBase<unknown>>();
  const visit = (stage: StageBase<unknown>) => {
    while (isView(stage)) stage = stage.parent as StageBase<unknown>;
    if (seen.has(stage)) return;
    seen.add(stage);
    const inputs = stage.inputs().map(unwrap);
    for (const input of inputs) visit(input.from);
    order.push({ stage, inputs });
  };
  if (isStage(last)) visit(last);
  return order;
}

/** The stats of every stage of a pipeline, upstream first. */
export function pipelineStats(last: Source<unknown>): StageStats[] {
  checkSource('stage', last);
  return pipelineGraph(last).map((node) => node.stage.stats());
}

/**
 * The pipeline as a mermaid `graph LR`, like the seed's diagrams: one node per stage (name and kind), one edge
 * per subscription, labelled with its demand and selector/partition when set.
 *
 * @example
 * console.log(toMermaid(pipe(pages, producerConsumer(filterOnline, { maxDemand: 1, minDemand: 0 }))));
 * // graph LR;
 * //   s1(["PageProducer<br/>producer"]) -->|"maxDemand 1, minDemand 0"| s2["…"]
 */
export function toMermaid(last: Source<unknown>): string {
  checkSource('stage', last);
  const graph = pipelineGraph(last);
  const ids = new Map<StageBase<unknown>, string>();
  graph.forEach((node, i) => ids.set(node.stage, `s${i + 1}`));
  const lines = ['graph LR;'];
  for (const node of graph) {
    const id = ids.get(node.stage)!;
    const label = `${escape(node.stage.name)}<br/>${node.stage.kind}`;
    lines.push(node.inputs.length === 0 ? `  ${id}(["${label}"])` : `  ${id}["${label}"]`);
  }
  for (const node of graph) {
    for (const input of node.inputs) {
      const label = edgeLabel(input.options);
      const arrow = label ? `-->|"${label}"|` : '-->';
      lines.push(`  ${ids.get(input.from)} ${arrow} ${ids.get(node.stage)}`);
    }
  }
  return lines.join('\n');
}

function edgeLabel(options: SubscribeOptions<unknown>): string {
  const parts: string[] = [];
  if (options.maxDemand !== undefined) parts.push(`maxDemand ${options.maxDemand}`);
  if (options.minDemand !== undefined) parts.push(`minDemand ${options.minDemand}`);
  if (options.partition !== undefined) parts.push(`partition ${escape(String(options.partition))}`);
  if (options.selector !== undefined) parts.push('selector');
  return parts.join(', ');
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}
