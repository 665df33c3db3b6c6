/** Every ArrayBuffer reachable through arrays, plain objects, maps, sets and typed arrays, each once. */
export declare function collectBuffers(value: unknown): ArrayBuffer[];
