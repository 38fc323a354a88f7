// The graph panel's pure part: layout, the error along one weight, the input-plane map, the
// view model the panel posts and the bookkeeping of training runs.
export * from './layout';
export * from './curve';
export * from './output-map';
export * from './ticks';
export * from './view';
export * from './view-model';
export * from './runs';
export * from './data-views';
