// The debugger's core: one training step as a steppable program, what is known at each stop,
// where breakpoints go, and the expression language of Evaluate/Watch/conditions.
export * from './program';
export * from './state';
export * from './breakpoints';
export * from './evaluate';
