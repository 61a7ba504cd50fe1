/** What install recorded in $db `install`: the callback URL and how SIGNL4's outbound webhook was registered. */
export const INSTALL_KEY = 'install';

export interface InstallRecord {
  url: string;
  registration: 'api' | 'manual' | 'failed';
  webhookId?: string;
  at: number;
  detail?: string;
}
