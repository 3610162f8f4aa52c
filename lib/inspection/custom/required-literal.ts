/**
 * The literal text every match of `pattern` must start with, when that is easy to prove: the leading run
 * of plain characters, with no top-level alternation anywhere. Anything clever returns undefined and the
 * rule simply always runs, which is slower but never wrong.
 */
export function requiredLiteralPrefix(pattern: string): string | undefined {
  let source = pattern.replace(/^\(\?i\)/, "");
  if (hasTopLevelAlternation(source)) return undefined;
  if (source.startsWith("\\b")) source = source.slice(2);
  let literal = "";
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if ("\\.[](){}*+?|^$".includes(ch)) {
      // A quantifier makes the previous character optional or repeated: drop it from the proof.
      if ("*?{".includes(ch)) literal = literal.slice(0, -1);
      break;
    }
    literal += ch;
  }
  return literal.length > 0 ? literal : undefined;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (inClass) inClass = ch !== "]";
    else if (ch === "[") inClass = true;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}
