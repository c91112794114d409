/**
 * Makes a log line safe for a terminal: C0 controls (below 0x20), DEL and the C1 controls
 * (0x7f-0x9f) become visible `\xNN` escapes. Request bodies end up in error messages, and a raw
 * ESC or CSI there could set the terminal title, clear the screen or forge log lines.
 */
export function escapeControlCharacters(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
