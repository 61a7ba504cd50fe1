/** Every endpoint of the simulated Freshservice: method, route pattern, handler, costs. */
import * as directory from './directory-handlers.js';
import { embedCost } from './fs-rate-limit.js';
import type { RouteDef } from './handler-context.js';
import * as tickets from './ticket-handlers.js';

const includes = (query: URLSearchParams): string[] =>
  (query.get('include') ?? '').split(',').map((name) => name.trim()).filter((name) => name.length > 0);

export const FS_ROUTES: readonly RouteDef[] = [
  { method: 'GET', route: '/api/v2/tickets/filter', handler: tickets.filterTickets, sub: 'listTickets' },
  { method: 'GET', route: '/api/v2/tickets', handler: tickets.listTickets, sub: 'listTickets', extraCost: (q) => embedCost(includes(q), true) },
  { method: 'POST', route: '/api/v2/tickets', handler: tickets.createTicket, write: true, sub: 'createTicket' },
  { method: 'GET', route: '/api/v2/tickets/:id', handler: tickets.viewTicket, sub: 'viewTicket', extraCost: (q) => embedCost(includes(q), false) },
  { method: 'PUT', route: '/api/v2/tickets/:id', handler: tickets.updateTicket, write: true, sub: 'updateTicket' },
  { method: 'POST', route: '/api/v2/tickets/:id/notes', handler: tickets.createNote, write: true },
  { method: 'GET', route: '/api/v2/tickets/:id/conversations', handler: tickets.listConversations },
  { method: 'GET', route: '/api/v2/agents', handler: directory.listAgents, sub: 'listAgents' },
  { method: 'GET', route: '/api/v2/agents/:id', handler: directory.viewAgent },
  { method: 'GET', route: '/api/v2/requesters', handler: directory.listRequesters, sub: 'listRequesters' },
  { method: 'GET', route: '/api/v2/requesters/:id', handler: directory.viewRequester },
  { method: 'GET', route: '/api/v2/groups', handler: directory.listGroups },
  { method: 'GET', route: '/api/v2/departments', handler: directory.listDepartments },
  { method: 'GET', route: '/api/v2/workspaces', handler: directory.listWorkspaces },
  { method: 'GET', route: '/api/v2/ticket_form_fields', handler: directory.ticketFormFields },
  { method: 'GET', route: '/api/v2/assets/:id', handler: directory.viewAsset },
  { method: 'GET', route: '/api/v2/problems/:id', handler: directory.viewProblem },
  { method: 'GET', route: '/api/v2/changes/:id', handler: directory.viewChange },
];
