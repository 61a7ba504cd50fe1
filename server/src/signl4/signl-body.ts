/** What the app sends to SIGNL4's inbound webhook (docs/specification.md §1): flat string fields, X-S4-* control parameters among them. */
export type SignlBody = Record<string, string>;
/** The X-S4-Status values the app sends: a new Signl, or a status event for an existing one. */
export type SignlStatus = 'new' | 'acknowledged' | 'resolved';
