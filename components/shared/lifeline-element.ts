import { adoptStyles, LitElement, type CSSResultOrNative } from 'lit';
import { property } from 'lit/decorators.js';
import { LIFELINE_VERSION } from '../../src/index.js';
import { builtInStrings, resolveStrings } from '../strings/resolve-strings.js';
import { langOf, pageLangOf, type LifelineStrings, type StringsOverride } from '../strings/strings.js';

/**
 * What every Lifeline element shares: its texts (`strings`, any part of the table over the
 * built-in English), its colour scheme (`theme`), and how its tag is registered (`define`).
 * Registered by none.
 */
export abstract class LifelineElement extends LitElement {
  /** The Lifeline version this class comes from, read when another copy of the SDK finds its tag taken. */
  static readonly lifelineVersion: string = LIFELINE_VERSION;

  /**
   * Registers this class as `tag`, the one way Lifeline's tags are registered. Another copy or
   * version of the SDK on the page may own the tag already: it keeps it, and a warning names
   * the tag and both versions, since the page then runs code other than the one it imported.
   * The same class again is a no-op.
   */
  static define(this: CustomElementConstructor & { readonly lifelineVersion: string }, tag: string): void {
    // Through a local: the manifest analyzer takes any `customElements.define(...)` it sees for the
    // definition of a tag, and the tags are read from the elements' own `X.define('x')` calls.
    const registry = customElements;
    const owner: (CustomElementConstructor & { lifelineVersion?: unknown }) | undefined = registry.get(tag);
    if (owner === this) return;
    if (!owner) {
      registry.define(tag, this);
      return;
    }
    const theirs = typeof owner.lifelineVersion === 'string' ? `Lifeline ${owner.lifelineVersion}` : 'an unknown version';
    console.warn(`Lifeline: <${tag}> is already registered by another class (${theirs}); this copy (Lifeline ${this.lifelineVersion}) leaves it to that one.`);
  }

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

  /** Styles that came with chunks fetched on first use, after the element's own. */
  private readonly lazyStyles: CSSResultOrNative[] = [];

  /**
   * Adds the styles of a chunk fetched on first use (the layouts, the in-call parts, the
   * pre-join screen, the More menu) after what the shadow root has, whichever came first.
   */
  protected adoptLazyStyles(styles: CSSResultOrNative): void {
    if (this.lazyStyles.includes(styles)) return;
    this.lazyStyles.push(styles);
    const root = this.renderRoot as ShadowRoot;
    const sheet = styles instanceof CSSStyleSheet ? styles : styles.styleSheet;
    if (sheet && root.adoptedStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    // No constructable style sheets (old browsers): Lit's own way, the element's styles and every lazy one.
    else adoptStyles(root, [...(this.constructor as typeof LifelineElement).elementStyles, ...this.lazyStyles]);
  }

  /** The language of the texts, for plurals and numbers: the nearest `lang`, else the page's. */
  protected get textLang(): string {
    return langOf(this);
  }
}
