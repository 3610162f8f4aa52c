/** Converts a code-point index (what re2-wasm reports) into a UTF-16 index (what JS strings and findings use). */
export function toUtf16Offset(text: string, codePointIndex: number): number {
  let utf16 = 0;
  for (let cp = 0; cp < codePointIndex && utf16 < text.length; cp++) {
    const code = text.charCodeAt(utf16);
    utf16 += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return utf16;
}
