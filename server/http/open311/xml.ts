/**
 * A small XML writer for Open311 answers: a UTF-8 declaration, elements named as in the
 * standard, and text that is always well-formed. Open311 XML has no attributes and no
 * mixed content, so an element holds either text or child elements.
 */

/** One element: text (a scalar; null is an empty element) or child elements. */
export interface XmlElement {
  name: string;
  content: XmlScalar | readonly XmlElement[];
}

/** What an element's text can come from. */
export type XmlScalar = string | number | boolean | null;

/** A JSON-like value that `elementOf` turns into elements. */
export type XmlSource = XmlScalar | undefined | readonly XmlSource[] | { [key: string]: XmlSource };

/** XML 1.0 names as Open311 uses them (ASCII letters, digits, `_`, `-`, `.`). */
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Characters XML 1.0 cannot carry even as references (C0 controls other than tab, LF
 * and CR; lone surrogates; U+FFFE and U+FFFF) become U+FFFD, so no input text can make
 * the document malformed.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Kept as references: a literal CR would be normalised away by every parser.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** The text escaped for element content (and safe in attribute values too). */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\t\n\r]/g, (ch) => ENTITIES[ch] ?? ch);
}

/** An element. @throws Error for a name that is not an XML name (a programming error). */
export function element(name: string, content: XmlElement['content']): XmlElement {
  if (!NAME.test(name) || /^xml/i.test(name)) throw new Error(`not an XML element name: ${name}`);
  return { name, content };
}

/**
 * The element `name` for a JSON-like value: objects become child elements per key,
 * arrays repeat the element named by `itemNames[name]` (e.g. `services` → `service`).
 * Undefined keys are left out; null becomes an empty element.
 */
export function elementOf(
  name: string,
  value: XmlSource,
  itemNames: Readonly<Record<string, string>>,
): XmlElement {
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element name for the list ${name}`);
    return element(
      name,
      (value as readonly XmlSource[]).map((v) => elementOf(item, v, itemNames)),
    );
  }
  if (value !== null && typeof value === 'object') {
    return element(
      name,
      Object.entries(value as { [key: string]: XmlSource })
        .filter(([, v]) => v !== undefined)
        .map(([key, v]) => elementOf(key, v, itemNames)),
    );
  }
  return element(name, value === undefined ? null : (value as XmlScalar));
}

function scalarText(value: XmlScalar): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('XML numbers must be finite');
    return String(value);
  }
  return typeof value === 'boolean' ? String(value) : escapeXml(value);
}

function write(node: XmlElement, out: string[]): void {
  const { name, content } = node;
  if (Array.isArray(content)) {
    if (content.length === 0) {
      out.push(`<${name}/>`);
      return;
    }
    out.push(`<${name}>`);
    for (const child of content as readonly XmlElement[]) write(child, out);
    out.push(`</${name}>`);
    return;
  }
  const text = scalarText(content as XmlScalar);
  out.push(text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`);
}

/** The document: the UTF-8 declaration, then the root element. */
export function renderXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}
