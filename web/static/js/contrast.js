// SPDX-License-Identifier: MIT
// WCAG 2.x contrast, as the render engine checks it, for the colour inputs.

/** luminance is the relative luminance of "#rrggbb". */
export function luminance(hex) {
  const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = v.map((s) => (s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4));
  return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
}

/** contrast is the WCAG contrast ratio of two "#rrggbb" colours, 1 to 21. */
export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The pairs the engine checks: the colour, what it is for, the AA minimum. */
export const pairs = [
  { key: 'text', use: 'body text', min: 4.5 },
  { key: 'muted', use: 'headers and footers', min: 4.5 },
  { key: 'accent', use: 'large accent text', min: 3 },
];
