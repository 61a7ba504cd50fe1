/// <reference lib="dom" />
/**
 * The Settings tab: the app's own installation page (config/iparams.html) in a frame, driven the way
 * the FDK drives it: getConfigs(saved) when it opens, validate() then postConfigs() on Install/Save.
 * validate() answers a plain boolean at once (whether the FDK awaits a Promise is UNCONFIRMED): false
 * while the page still checks what it holds. Like an admin pressing Install again, Save then waits
 * for those checks (the page's validateAsync(), a local aid; a Promise from validate() is awaited
 * too) and calls validate() again before postConfigs().
 */
import { api } from './api.js';
import { byId } from './dom.js';

interface SettingsPage {
  getConfigs?: (configs: Record<string, unknown>) => unknown;
  validate?: () => unknown;
  validateAsync?: () => unknown;
  postConfigs?: () => unknown;
}

export class SettingsTab {
  private readonly frame = byId<HTMLIFrameElement>('settings-frame');
  private readonly result = byId('settings-result');
  private saving = false;

  constructor(private readonly path: string) {
    byId('settings-save').addEventListener('click', () => void this.save());
    this.frame.addEventListener('load', () => void this.fill());
  }

  open(): void {
    this.say('', true);
    this.frame.src = this.path;
  }

  private page(): SettingsPage {
    return (this.frame.contentWindow ?? {}) as SettingsPage;
  }

  private async fill(): Promise<void> {
    // A message about what the admin has since changed is old news: it goes with the next edit.
    const doc = this.frame.contentDocument;
    for (const type of ['input', 'change']) doc?.addEventListener(type, () => {
      if (!this.saving) this.say('', true);
    }, true);
    const { values } = await api.settings();
    const page = this.page();
    if (typeof page.getConfigs === 'function') await page.getConfigs(values);
  }

  private async save(): Promise<void> {
    const button = byId<HTMLButtonElement>('settings-save');
    const page = this.page();
    if (typeof page.validate !== 'function' || typeof page.postConfigs !== 'function') {
      this.say('The installation page has no validate() or postConfigs().', false);
      return;
    }
    button.disabled = true;
    this.saving = true;
    try {
      if (!(await this.validated(page))) {
        this.say('The installation page found problems; fix the marked fields.', false);
        return;
      }
      this.say('Installing…', true);
      const answer = await api.install(await page.postConfigs());
      this.say(answer.message, answer.ok);
    } catch (error) {
      this.say(`Install failed: ${error instanceof Error ? error.message : String(error)}`, false);
    } finally {
      button.disabled = false;
      this.saving = false;
    }
  }

  /** validate() as the platform calls it; when it says "not yet", wait for the page's checks and ask again. */
  private async validated(page: SettingsPage): Promise<boolean> {
    if ((await page.validate?.()) === true) return true;
    if (typeof page.validateAsync !== 'function') return false;
    this.say('Checking the settings…', true);
    return (await page.validateAsync()) === true && (await page.validate?.()) === true;
  }

  private say(text: string, good: boolean): void {
    this.result.textContent = text;
    this.result.className = `settings-result ${good ? 'good' : 'bad'}`;
  }
}
