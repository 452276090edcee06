/** Types of scripts/eager.mjs, for the tests. */
export declare function eagerFactories(code: string): { code: string; converted: number; factories: number }
export declare function inspectFactories(code: string): { factories: number; convertible: number }
