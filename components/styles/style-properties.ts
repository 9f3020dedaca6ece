import { noChange } from 'lit';
import { Directive, directive, PartType, type AttributePart, type DirectiveParameters, type PartInfo } from 'lit/directive.js';

/**
 * Sets inline style properties through the CSSOM, on every render including the first:
 * `<div style=${styleProperties({ width: '40%' })}>`. Lit's styleMap writes its first render as
 * a `style` attribute, which a Content-Security-Policy without 'unsafe-inline' in style-src
 * blocks (lit/lit#4719); CSSOM writes are allowed. Names are CSS names (`width`, `--size`).
 */
class StylePropertiesDirective extends Directive {
  private names: string[] = [];

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style') throw new Error('styleProperties() belongs in a style attribute.');
  }

  render(_properties: Readonly<Record<string, string>>) {
    return noChange;
  }

  override update(part: AttributePart, [properties]: DirectiveParameters<this>) {
    const { style } = part.element as HTMLElement;
    for (const name of this.names) if (!(name in properties)) style.removeProperty(name);
    for (const [name, value] of Object.entries(properties)) style.setProperty(name, value);
    this.names = Object.keys(properties);
    return noChange;
  }
}

export const styleProperties = directive(StylePropertiesDirective);
