/**
 * The script `daan serve` adds to every HTML response (never to the files in out/): it listens to
 * the server's events (Server-Sent Events at /__daan/events), reloads the page when a rebuild
 * changed it (or the stylesheet, fonts, or a file the page declares with
 * <meta name="daan-depends" content="…">), keeps the scroll position across the reload, and shows
 * the problems of a failed build as an overlay until the next build succeeds.
 */

import { say } from '../report/messages.ts';

export const CLIENT_PATH = '/__daan/client.js';
export const EVENTS_PATH = '/__daan/events';

/** The tag added before </body> (or at the end) of every served HTML page. */
export function injectClient(html: string): string {
  const tag = `<script src="${CLIENT_PATH}" defer></script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? `${html}\n${tag}\n` : `${html.slice(0, at)}${tag}\n${html.slice(at)}`;
}

/** The overlay's own words, in the language the server was started in. */
function overlayLabels() {
  return {
    close: say('overlay-close'),
    buildFailed: say('overlay-build-failed'),
    lastGood: say('overlay-last-good'),
    fix: say('overlay-fix'),
    queries: say('overlay-queries'),
    building: say('overlay-building'),
  };
}

/** The client script, its labels taken from the message catalogue when it is served. */
export function clientScript(): string {
  return String.raw`/* daan serve: live reload and build problems. Not part of the build. */
(() => {
  'use strict';
  const L = ${JSON.stringify(overlayLabels())};
  if (window.__daanClient) return;
  window.__daanClient = true;

  const fileOf = (pathname) => {
    let p = decodeURIComponent(pathname).replace(/^\/+/, '');
    if (p === '' || p.endsWith('/')) p += 'index.html';
    return p;
  };
  const deps = new Set([fileOf(location.pathname)]);
  for (const meta of document.querySelectorAll('meta[name="daan-depends"]')) {
    for (const dep of meta.content.split(/\s+/)) if (dep) deps.add(dep);
  }
  const affects = (changed) => changed.some((file) => deps.has(file) || file.startsWith('assets/'));

  // Scroll position across reloads.
  const key = 'daan-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    window.__daanRestoreScroll = restore;
    if (document.readyState === 'complete') restore();
    else window.addEventListener('load', restore, { once: true });
  }
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };

  // The overlay: a shadow root, so that neither the page's CSS nor ours leaks.
  let host = null;
  const hideProblems = () => {
    if (host) host.remove();
    host = null;
    document.documentElement.removeAttribute('data-daan-problems');
  };
  const el = (parent, tag, text, style) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (style) node.setAttribute('style', style);
    parent.appendChild(node);
    return node;
  };
  const showProblems = (problems) => {
    hideProblems();
    host = document.createElement('daan-error-overlay');
    host.id = 'daan-error-overlay';
    const root = host.attachShadow({ mode: 'open' });
    const panel = el(root, 'div', undefined, 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.92);color:#f5f5f5;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;padding:32px;box-sizing:border-box');
    panel.setAttribute('role', 'alertdialog');
    panel.setAttribute('aria-labelledby', 'daan-title');
    const close = el(panel, 'button', '×', 'position:absolute;top:12px;right:16px;font-size:24px;background:none;border:0;color:inherit;cursor:pointer');
    close.setAttribute('aria-label', L.close);
    close.addEventListener('click', hideProblems);
    const title = el(panel, 'h2', L.buildFailed + ' (' + problems.length + ')', 'margin:0 0 8px;font-size:18px;color:#ff8a80');
    title.id = 'daan-title';
    el(panel, 'p', L.lastGood, 'margin:0 0 16px;color:#bbb');
    for (const p of problems) {
      const item = el(panel, 'div', undefined, 'margin:0 0 16px;padding:8px 12px;border-left:4px solid #ff5252;background:rgba(255,255,255,.05)');
      const where = p.file ? p.file + (p.line ? ':' + p.line + (p.column ? ':' + p.column : '') : '') : '(build)';
      el(item, 'div', where, 'color:#80d8ff');
      el(item, 'div', p.reason, 'white-space:pre-wrap');
      if (p.fix) el(item, 'div', L.fix + ' ' + p.fix, 'color:#b9f6ca;white-space:pre-wrap');
    }
    document.documentElement.setAttribute('data-daan-problems', String(problems.length));
    (document.body || document.documentElement).appendChild(host);
  };

  // Open editorial queries: a panel in a corner, for the editors (never part of out/).
  let queriesHost = null;
  const showQueries = (queries) => {
    if (queriesHost) queriesHost.remove();
    queriesHost = null;
    document.documentElement.setAttribute('data-daan-queries', String(queries.length));
    if (!queries.length) return;
    queriesHost = document.createElement('daan-queries');
    const root = queriesHost.attachShadow({ mode: 'open' });
    const panel = el(root, 'details', undefined, 'position:fixed;left:12px;bottom:12px;z-index:2147483646;max-width:min(36em,90vw);max-height:60vh;overflow:auto;background:#fff8e1;color:#333;border:1px solid #f0c36d;border-radius:6px;font:13px/1.6 sans-serif;padding:6px 12px;box-shadow:0 2px 8px rgba(0,0,0,.15)');
    el(panel, 'summary', L.queries + ' (' + queries.length + ')', 'cursor:pointer;font-weight:bold');
    for (const q of queries) {
      const item = el(panel, 'div', undefined, 'margin:6px 0');
      el(item, 'div', q.file + ':' + q.line + ':' + q.column, 'color:#8d6e00;font-family:ui-monospace,Menlo,Consolas,monospace');
      el(item, 'div', q.reason, 'white-space:pre-wrap');
    }
    (document.body || document.documentElement).appendChild(queriesHost);
  };

  // A small badge while a rebuild runs.
  let badge = null;
  const building = (on) => {
    if (on && !badge) {
      badge = document.createElement('daan-building');
      badge.attachShadow({ mode: 'open' }).innerHTML = '<div style="position:fixed;right:12px;bottom:12px;z-index:2147483646;background:#333;color:#fff;font:12px sans-serif;padding:4px 10px;border-radius:12px;opacity:.85"></div>';
      badge.shadowRoot.firstChild.textContent = L.building;
      (document.body || document.documentElement).appendChild(badge);
    } else if (!on && badge) {
      badge.remove();
      badge = null;
    }
  };

  let generation = null;
  const source = new EventSource('${EVENTS_PATH}');
  source.addEventListener('state', (event) => {
    const state = JSON.parse(event.data);
    building(state.building);
    if (generation !== null && state.generation !== generation && !state.problems.length) return reload();
    generation = state.generation;
    showQueries(state.queries || []);
    if (state.problems.length) showProblems(state.problems);
    else hideProblems();
  });
  source.addEventListener('building', () => building(true));
  source.addEventListener('built', (event) => {
    const result = JSON.parse(event.data);
    building(false);
    generation = result.generation;
    hideProblems();
    showQueries(result.queries || []);
    if (affects(result.changed)) reload();
  });
  source.addEventListener('failed', (event) => {
    const state = JSON.parse(event.data);
    building(false);
    showProblems(state.problems);
  });
})();
`;
}
