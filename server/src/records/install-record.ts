/** What install recorded in $db `install`: the callback URL and how SIGNL4's outbound webhook was registered. */
export const INSTALL_KEY = 'install';

/**
 * 'pending': the app registers the URL with the SIGNL4 API key after install, from a one-time
 * schedule (register-webhook.ts); 'api': done, `webhookId` is SIGNL4's; 'failed': the admin
 * registers it by hand (`detail` says why); 'manual': no API key.
 */
export type Registration = 'api' | 'manual' | 'failed' | 'pending';

export interface InstallRecord {
  url: string;
  registration: Registration;
  webhookId?: string;
  at: number;
  detail?: string;
  /** While pending: the one-time schedule of the next attempt (uninstall deletes it). */
  job?: string;
}
