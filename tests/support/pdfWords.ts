/**
 * Test support: the words of a PDF with their boxes, from poppler's `pdftotext -bbox-layout`, and what a
 * reader of the printed pages would notice: how many pages, how small the words are, and which words
 * print over other words.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfPage {
  width: number;
  height: number;
  words: Word[];
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every page of the PDF with its words (boxes in points, origin top left). */
export function pdfWords(pdfPath: string): PdfPage[] {
  if (!fs.existsSync(pdfPath)) throw new Error(`pdfWords: no such PDF ${pdfPath}`);
  const r = spawnSync('pdftotext', ['-bbox-layout', pdfPath, '-'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`pdftotext failed on ${pdfPath}: ${r.stderr || r.error}`);
  return r.stdout
    .split('<page ')
    .slice(1)
    .map((chunk, i) => {
      const size = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk);
      const words = [
        ...chunk.matchAll(
          /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => ({
        page: i + 1,
        text: unescape(m[5]),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      }));
      return { width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), words };
    });
}

/**
 * Pairs of words on one page whose boxes overlap by more than a quarter of the smaller word's height both
 * across and down: text printed over text. (Lines of one wrapped cell touch: a box is taller than the
 * line pitch by about a tenth.)
 */
export function overlappingWords(page: PdfPage): [Word, Word][] {
  const words = [...page.words].sort((a, b) => a.xMin - b.xMin);
  const out: [Word, Word][] = [];
  for (let i = 0; i < words.length; i++) {
    const a = words[i];
    for (let j = i + 1; j < words.length && words[j].xMin < a.xMax; j++) {
      const b = words[j];
      const h = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
      const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const down = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (across > h / 4 && down > h / 4) out.push([a, b]);
    }
  }
  return out;
}

export interface PrintFigures {
  pages: number;
  words: number;
  /** Share (0-1) of words whose box is at least 7.5 pt high. */
  readable: number;
  overlaps: [Word, Word][];
}

export function printFigures(pages: PdfPage[]): PrintFigures {
  const words = pages.flatMap((p) => p.words);
  return {
    pages: pages.length,
    words: words.length,
    readable: words.filter((w) => w.yMax - w.yMin >= 7.5).length / Math.max(1, words.length),
    overlaps: pages.flatMap(overlappingWords),
  };
}

/** The first ten words printed over others, each as a line a failing test can show ("page 3: "a" over "b" at (x, y)"). */
export function overlapLines(f: PrintFigures): string[] {
  return f.overlaps
    .slice(0, 10)
    .map(([a, b]) => `page ${a.page}: "${a.text}" over "${b.text}" at (${a.xMin}, ${a.yMin})`);
}

/** Each page's size in points, shorter side first: [612, 792] for US Letter. */
export function pageSizes(pages: PdfPage[]): [number, number][] {
  return pages.map((p) => [Math.round(Math.min(p.width, p.height)), Math.round(Math.max(p.width, p.height))]);
}

/**
 * A word's box is this many times its font size in Carlito (Calibri's metrics), as poppler measures it:
 * 14.3 pt for 11-point text printed at 100%.
 */
export const CARLITO_BOX = 1.3;

/** The font size most words of a page print at, in points (the median box height over CARLITO_BOX). */
export function bodySize(page: PdfPage): number {
  const heights = page.words.map((w) => w.yMax - w.yMin).sort((a, b) => a - b);
  return heights.length ? heights[Math.floor(heights.length / 2)] / CARLITO_BOX : 0;
}

/** The base names of the fonts a PDF embeds ("Carlito", "Carlito-Bold", ...), from poppler's `pdffonts`. */
export function pdfFonts(pdfPath: string): string[] {
  const r = spawnSync('pdffonts', [pdfPath], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`pdffonts failed on ${pdfPath}: ${r.stderr || r.error}`);
  return [
    ...new Set(
      r.stdout
        .split('\n')
        .slice(2)
        .map((line) => line.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, ''))
        .filter((x): x is string => !!x),
    ),
  ].sort();
}
