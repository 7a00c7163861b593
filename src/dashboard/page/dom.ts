/// <reference lib="dom" />

/**
 * The page's only way to make elements: text goes in with textContent, never as markup (the
 * server's CSP also has the browser refuse any string given as markup: Trusted Types).
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== undefined) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** A button at least 44 px high (CSS), with `label` as its text. */
export function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const element = el('button', className, label);
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}
