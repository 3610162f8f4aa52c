/**
 * Lists typed into a single text field: comma-separated (detectors, models, key tags) or one per
 * line (keywords). Blank entries are dropped, so a trailing comma or an empty line is harmless.
 */
export function parseList(text: string, separator: string | RegExp = ","): string[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export function formatList(items: readonly string[] | undefined, separator = ", "): string {
  return (items ?? []).join(separator);
}

export const parseLines = (text: string) => parseList(text, /\r?\n/);
export const formatLines = (items: readonly string[] | undefined) => formatList(items, "\n");

/**
 * Suggestions for a comma-separated field with a <datalist>. A datalist completes the whole value,
 * so each option is what is typed up to the last comma plus one more id not listed yet.
 */
export function listSuggestions(text: string, options: readonly string[]): string[] {
  const cut = text.lastIndexOf(",");
  const typed = cut === -1 ? "" : text.slice(0, cut + 1);
  const taken = new Set(parseList(typed));
  const head = typed === "" ? "" : `${typed.trimEnd()} `;
  return options.filter((option) => !taken.has(option)).map((option) => head + option);
}
