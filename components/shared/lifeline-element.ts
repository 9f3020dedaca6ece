import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { builtInStrings, resolveStrings } from '../strings/resolve-strings.js';
import { langOf, pageLangOf, type LifelineStrings, type StringsOverride } from '../strings/strings.js';

/**
 * What every Lifeline element shares: its texts (`strings`, any part of the table over the
 * built-in English) and its colour scheme (`theme`). Registered by none.
 */
export abstract class LifelineElement extends LitElement {
  /** Texts to show instead of the built-in English: any part of `LifelineStrings`. Assign a new object to change them. */
  @property({ attribute: false }) strings: StringsOverride | null = null;
  /** `light` or `dark`; when absent the element follows the person's `prefers-color-scheme`. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /**
   * The table this element renders with: the built-in one for its page language (German when
   * the nearest `lang` is `de`, fetched on first use; English until it arrives), under the
   * host's `strings`.
   */
  protected get text(): LifelineStrings {
    return resolveStrings(this.strings, builtInStrings(pageLangOf(this), this.renderAgain));
  }

  private readonly renderAgain = () => this.requestUpdate();

  /** The language of the texts, for plurals and numbers: the nearest `lang`, else the page's. */
  protected get textLang(): string {
    return langOf(this);
  }
}
