// Building DOM nodes safely: text goes in as text nodes (never parsed as HTML), attributes
// through a short allow-list (no event handler attributes, no style, no URLs). This is the
// only way the view creates elements, so a data value can never become markup.
export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const ALLOWED_ATTRIBUTE =
  /^(id|role|title|type|value|name|for|scope|colspan|tabindex|placeholder|hidden|datetime|lang|open|selected|disabled|(aria|data)-[a-z-]+)$/;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (!ALLOWED_ATTRIBUTE.test(name)) throw new Error(`attribute not allowed in the report view: ${name}`);
    el.setAttribute(name, value);
  }
  for (const [event, handler] of Object.entries(props.on ?? {})) {
    if (handler) el.addEventListener(event, handler as EventListener);
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A scrolling box around a table: focusable and named by the table's caption, so keyboard users can scroll it (WCAG 2.1.1). */
export function scrollBox(caption: string): { class: string; attrs: Record<string, string> } {
  return { class: 'kl-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': caption } };
}

/** Removes every child of a node. */
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A <select> of (value, label) options with one selected. */
export function select(
  label: string,
  options: Array<[string, string]>,
  selected: string,
  onChange: (value: string) => void,
  cls = '',
): HTMLLabelElement {
  const control = h('select', {
    class: 'kl-select',
    attrs: { 'aria-label': label },
    on: { change: () => onChange(control.value) },
  });
  for (const [value, text] of options) {
    const option = h('option', { attrs: { value } }, text);
    option.selected = value === selected;
    control.appendChild(option);
  }
  return h('label', { class: `kl-field ${cls}`.trim() }, h('span', { class: 'kl-field-label' }, label), control);
}
