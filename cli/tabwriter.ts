// Column alignment as Go's text/tabwriter does it, which is what gives kubectl's
// tables and describe output their shape: cells end with a tab; a column's width
// is set per block of consecutive lines that have that column; the text after a
// line's last tab is not part of any column and is never padded.

export interface TabWriterOptions {
  /** Smallest width of a column, padding included. */
  minWidth: number;
  /** Spaces added to the widest cell of a column. */
  padding: number;
}

/** kubectl's table printer: minwidth 6, padding 3. */
export const TABLE_LAYOUT: TabWriterOptions = { minWidth: 6, padding: 3 };
/** kubectl describe: minwidth 0, padding 2. */
export const DESCRIBE_LAYOUT: TabWriterOptions = { minWidth: 0, padding: 2 };

function textWidth(text: string): number {
  return [...text].length;
}

/** Aligns tab-separated text. Lines are separated by `\n`; the result keeps them. */
export function alignTabs(text: string, opts: TabWriterOptions): string {
  const trailingNewline = text.endsWith('\n');
  const body = trailingNewline ? text.slice(0, -1) : text;
  const lines = body.split('\n').map((line) => line.split('\t'));
  const out: string[] = new Array<string>(lines.length);
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let line = '';
      for (let j = 0; j < cells.length; j++) {
        const cell = cells[j];
        if (j < widths.length && j < cells.length - 1) {
          line += cell + ' '.repeat(Math.max(0, widths[j] - textWidth(cell)));
        } else {
          line += cell;
        }
      }
      out[i] = line;
    }
  };

  // Mirrors tabwriter's recursive format(): each column block fixes one width,
  // then the lines inside the block are formatted for the next column.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      writeLines(start, i);
      start = i;
      let width = opts.minWidth;
      for (; i < line1; i++) {
        const cells = lines[i];
        if (column >= cells.length - 1) break;
        width = Math.max(width, textWidth(cells[column]) + opts.padding);
      }
      widths.push(width);
      format(start, i);
      widths.pop();
      start = i;
      i--;
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
