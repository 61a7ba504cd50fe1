/** What a timeline entry records: the ticket record keeps them, the sidebar shows them (methods/view-types.ts). */
export type TimelineKind =
  | 'forwarded'
  | 'queued'
  | 'acknowledged'
  | 'escalated'
  | 'annotated'
  | 'closed'
  | 'refused'
  | 'failed'
  | 'status_sent'
  | 'note'
  | 'retry';
