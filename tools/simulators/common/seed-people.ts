/**
 * The people both simulators know, so a SIGNL4 user acknowledging a Signl can be matched to
 * a Freshservice agent by e-mail. Ids above 2^31 on purpose: live Freshservice ids are.
 */
export interface SeedPerson {
  agentId: number;
  firstName: string;
  lastName: string;
  email: string;
  signl4UserId: string;
}

export const SEED_AGENTS: readonly SeedPerson[] = [
  { agentId: 21000000101, firstName: 'SIGNL4', lastName: 'Integration', email: 'signl4.integration@acme.example', signl4UserId: '' },
  { agentId: 21000000102, firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@acme.example', signl4UserId: '5f2b7c1e-0001-4a51-9c3e-000000000102' },
  { agentId: 21000000103, firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@acme.example', signl4UserId: '5f2b7c1e-0001-4a51-9c3e-000000000103' },
  { agentId: 21000000104, firstName: 'Katherine', lastName: 'Johnson', email: 'katherine.johnson@acme.example', signl4UserId: '5f2b7c1e-0001-4a51-9c3e-000000000104' },
];

/** A SIGNL4 user with no Freshservice agent behind their e-mail. */
export const UNMATCHED_SIGNL4_USER = {
  id: '5f2b7c1e-0001-4a51-9c3e-000000000999',
  username: 'Night Watch',
  mailaddress: 'night.watch@contractor.example',
} as const;
