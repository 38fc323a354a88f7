// The graph panel's pure part: layout, the error along one weight, the input-plane map.
export * from './layout';
export * from './curve';
export * from './output-map';
export * from './ticks';
