/** The first element of `el`'s shadow root with this part name, among others it may have. */
export const part = <T extends HTMLElement = HTMLElement>(el: Element, name: string) => el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

/** Every element of `el`'s shadow root with this part name. */
export const parts = <T extends HTMLElement = HTMLElement>(el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];

/** The trimmed text of a part, '' when it is not there. */
export const partText = (el: Element, name: string) => part(el, name)?.textContent?.trim() ?? '';
