/** The simulated Freshservice and SIGNL4 (see README.md). */
export {
  createFreshserviceSimulator, FreshserviceSimulator, SimulatorValidationError,
  type FreshserviceSimulatorOptions, type HelperOptions,
} from './freshservice/create-freshservice-simulator.js';
export { SEED_IDS } from './freshservice/seed-data.js';
export { STARTER_SUB_LIMITS, type SubLimitName } from './freshservice/fs-rate-limit.js';
export type { ApiKeyInfo, FiredEvent, ProductEventData, ProductEventHandler, ProductEventName } from './freshservice/types.js';
export {
  createSignl4Simulator, DEFAULT_SIGNL4_USERS, Signl4ActionError, Signl4Simulator,
  type ActionOptions, type Signl4SimulatorOptions,
} from './signl4/create-signl4-simulator.js';
export type { InboundEvent, SentCallback, Signl, Signl4User, WebhookRegistration } from './signl4/types.js';
export { SEED_AGENTS, UNMATCHED_SIGNL4_USER } from './common/seed-people.js';
export type { Clock } from './common/clock.js';
export type { FaultKind, FaultSpec, RandomFaults } from './common/faults.js';
