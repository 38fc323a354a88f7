// What the user points at: decided in the core (src/core/service/targets.ts).
export { targetAt, type Target } from '../core/service/targets';
export { nodeRefName as refName } from '../core/model/build';
