/**
 * Small helpers for the printable files the CLI writes (contact cards, binding-code sheets):
 * HTML escaping, an A4 page with inline CSS and the confidentiality line, output file names.
 */
import { extname, resolve } from "node:path";
import { CONFIDENTIAL } from "../messages/cards.ts";

/** Escapes `& < > " '` so any value can go into HTML text or a quoted attribute. */
export function escapeHtml(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** CSS every printed page shares: A4 portrait, 12 mm margins, system Chinese fonts, no colours needed. */
const BASE_CSS = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
.confidential { text-align: center; font-weight: bold; letter-spacing: 0.2em; border-bottom: 1px solid #000; padding: 1mm 0 2mm; margin-bottom: 3mm; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 0 0 3mm; }
.section + .section { break-before: page; page-break-before: always; }
.meta { color: #333; font-size: 9pt; text-align: right; margin-bottom: 2mm; }
`;

/**
 * A whole HTML document for A4 printing: the confidentiality line (内部资料，注意保密) at the top,
 * `title` as heading, then `body` (already escaped by the caller). Inline CSS only, no external
 * assets, so the file prints the same from any browser or a USB stick.
 */
export function htmlPage(title: string, extraCss: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${BASE_CSS}${extraCss}</style>
</head>
<body>
<div class="confidential">${escapeHtml(CONFIDENTIAL)}</div>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** The lower-case extension of `file` without the dot (`xlsx`, `html`), or "". */
export function extensionOf(file: string): string {
  return extname(file).slice(1).toLowerCase();
}

/** An absolute path in the current folder for a default output name. */
export function inCurrentFolder(name: string): string {
  return resolve(process.cwd(), name);
}
