/**
 * Plain GFM tables set like the data tables: each is a figure.data-table (a `:::table[说明]`
 * already is one, with its 表N caption; see figures.ts), and a column whose cells are all
 * numbers (but the first, which names the rows) gets the class num (right-aligned, tabular figures, never broken) unless the table
 * aligns it otherwise (`| :--- |`, `| :-: |`: the classes align-left, align-center). Every table, data tables too, sits in a div.table-scroll: on a
 * narrow screen the table scrolls sideways inside it instead of breaking words in its cells; the
 * box is a named region that the keyboard can reach (it scrolls with the arrow keys).
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';

/** 12, 1,234, 12.5, -3, +4.5%, 45 kW, 1.45万, 12.5公里, —: a number with at most a short unit. */
const NUMBER = /^[+\-−]?[\d,，\u202f]*\d(\.\d+)?\s*(%|‰|[\p{Script=Han}A-Za-z²³/]{0,4})$/u;
const EMPTY = /^(—|–|-|…|\s*)$/;

export default function rehypeTables() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      const inFigure = parent.type === 'element' && parent.tagName === 'figure';
      if (!isDataTable(node)) {
        alignNumbers(node);
        alignmentClasses(node);
      }
      const scroll: Element = { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], ...scrollBoxName(inFigure ? (parent as Element) : undefined) }, children: [node] };
      if (inFigure) {
        parent.children[index] = scroll;
      } else {
        parent.children[index] = { type: 'element', tagName: 'figure', properties: { className: ['data-table', 'gfm-table'] }, children: [scroll] };
      }
      return SKIP;
    });
  };
}

/**
 * A box that scrolls must be reachable from the keyboard (tabindex 0) and say what it holds to a
 * screen reader (a named region): the table's caption, or 表格.
 */
function scrollBoxName(figure: Element | undefined): Element['properties'] {
  const caption = figure?.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
  const name = caption ? toString(caption).trim() : '';
  return { tabIndex: 0, role: 'region', ariaLabel: name || '表格' };
}

/** A table made from a data set has its classes already. */
function isDataTable(table: Element): boolean {
  return rows(table).some((row) => cells(row).some((cell) => Array.isArray(cell.properties.className) && cell.properties.className.some((name) => name === 'num' || name === 'text' || name === 'date')));
}

function alignNumbers(table: Element): void {
  const all = rows(table);
  const body = all.filter((row) => !row.properties.dataHeader);
  const width = Math.max(0, ...all.map((row) => cells(row).length));
  // The first column names the rows (村名, 年份): text, even when it holds years.
  for (let column = 1; column < width; column++) {
    const column_cells = all.map((row) => cells(row)[column]).filter((cell): cell is Element => Boolean(cell));
    if (column_cells.some((cell) => cell.properties.align !== undefined && cell.properties.align !== 'right')) continue;
    const values = body.map((row) => cells(row)[column]).filter((cell): cell is Element => Boolean(cell) && cell.tagName === 'td').map((cell) => toString(cell).trim());
    const filled = values.filter((value) => !EMPTY.test(value));
    if (!filled.length || !filled.every((value) => NUMBER.test(value))) continue;
    for (const cell of column_cells) cell.properties.className = [...classNames(cell), 'num'];
  }
}

/** `| :-: |` gives cells align="center", which the table's own CSS would override: the data tables' align-* classes instead. */
function alignmentClasses(table: Element): void {
  for (const row of rows(table)) {
    for (const cell of cells(row)) {
      const align = cell.properties.align;
      if (typeof align !== 'string') continue;
      delete cell.properties.align;
      if (!classNames(cell).includes('num') || align !== 'right') cell.properties.className = [...classNames(cell), `align-${align}`];
    }
  }
}

function rows(table: Element): Element[] {
  const found: Element[] = [];
  for (const section of table.children) {
    if (section.type !== 'element') continue;
    if (section.tagName === 'tr') found.push(section);
    else for (const row of section.children) if (row.type === 'element' && row.tagName === 'tr') found.push(section.tagName === 'thead' ? { ...row, properties: { ...row.properties, dataHeader: true } } : row);
  }
  return found;
}

function cells(row: Element): Element[] {
  return row.children.filter((child: ElementContent): child is Element => child.type === 'element' && (child.tagName === 'td' || child.tagName === 'th'));
}

function classNames(cell: Element): string[] {
  const value = cell.properties.className;
  return Array.isArray(value) ? value.map(String) : [];
}
