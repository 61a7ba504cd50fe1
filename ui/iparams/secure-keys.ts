/** The three secure settings (docs/specification.md §6): never shown on the page, listed in __meta.secure. */
export const SECURE_KEYS = ['signl4_webhook', 'signl4_api_key', 'freshservice_api_key'] as const;
export type SecureKey = (typeof SECURE_KEYS)[number];
