/*
 * The archive search on search.html: reads ?q=, asks the Pagefind index in pagefind/ (built with
 * the site), lists the matching articles with an excerpt. A classic script (no module), so that
 * opening the page from file:// raises no error: browsers do not let a page read the index files
 * from file://, and the page then says how to open the archive instead.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var root = new URL('../', script ? script.src : location.href);
  var messages = {
    idle: '在页首的搜索框输入词语，搜索各期全部文章。',
    searching: '正在搜索……',
    none: '没有找到含有“{q}”的文章。',
    found: '找到 {n} 篇含有“{q}”的文章。',
    file: '从本地文件打开时不能搜索：浏览器不允许网页读取本地的搜索索引。请在 out 目录启动一个本地服务器（如 daan serve，或 python3 -m http.server）后打开本页。',
    failed: '搜索索引无法载入：请确认 out/pagefind/ 完整，并通过服务器打开本页。',
  };

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  // The index separates Chinese words with U+200B (see scripts/emit/search.ts): not shown.
  function clean(text) {
    return String(text).replace(/\u200b/g, '');
  }

  // Text compared for the whole phrase: no word separators, no white space, one case.
  function compact(text) {
    return clean(text).replace(/\s+/g, '').toLowerCase();
  }

  var LIMIT = 50;

  /*
   * Pagefind ranks pages by its words, found anywhere: a page rich in 扶, 贫 and 搬迁 can rank
   * above the one that says 易地扶贫搬迁. Pages that hold the whole query as it was typed come
   * first (in Pagefind's order), then the others. The exact-phrase search ("…") finds phrase
   * pages beyond the first results, and its excerpt shows the phrase; the page text decides.
   */
  function phraseFirst(pagefind, query) {
    var quoted = /^\s*".+"\s*$/.test(query);
    var phrase = compact(query.replace(/"/g, ''));
    return Promise.all([pagefind.search(query), quoted ? null : pagefind.search('"' + query.replace(/"/g, '') + '"')])
      .then(function (searches) {
        var plain = searches[0] ? searches[0].results.slice(0, LIMIT) : [];
        var exact = searches[1] ? searches[1].results.slice(0, LIMIT) : [];
        var byId = {};
        var order = [];
        exact.concat(plain).forEach(function (result) {
          if (byId[result.id]) return;
          byId[result.id] = result;
          order.push(result.id);
        });
        var rank = {};
        plain.forEach(function (result, i) { rank[result.id] = i; });
        exact.forEach(function (result, i) { if (!(result.id in rank)) rank[result.id] = LIMIT + i; });
        return Promise.all(order.map(function (id) { return byId[id].data(); })).then(function (pages) {
          var found = order.map(function (id, i) {
            return { data: pages[i], rank: rank[id], whole: compact(pages[i].content || '').indexOf(phrase) >= 0 };
          });
          found.sort(function (a, b) { return (a.whole === b.whole ? 0 : a.whole ? -1 : 1) || a.rank - b.rank; });
          return found.slice(0, LIMIT).map(function (f) { return f.data; });
        });
      });
  }

  function say(status, text) {
    status.textContent = text;
  }

  ready(function () {
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-list');
    var input = document.getElementById('search-q');
    if (!status || !list) return;
    var query = (new URLSearchParams(location.search).get('q') || '').trim();
    if (input) input.value = query;
    if (!query) return say(status, messages.idle);
    if (location.protocol === 'file:') return say(status, messages.file);
    say(status, messages.searching);
    // The index comes in bundles (a year of editions each, see scripts/emit/search.ts), listed in
    // pagefind/bundles.json: the first one's Pagefind searches them all.
    fetch(new URL('pagefind/bundles.json', root).href)
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then(function (bundles) {
        if (!bundles.length) return [];
        var base = function (name) { return new URL('pagefind/' + name + '/', root).href; };
        return import(base(bundles[0]) + 'pagefind.js').then(function (pagefind) {
          return Promise.resolve(pagefind.options({ baseUrl: root.pathname }))
            .then(function () {
              return Promise.all(bundles.slice(1).map(function (name) { return pagefind.mergeIndex(base(name), { baseUrl: root.pathname }); }));
            })
            .then(function () {
              return phraseFirst(pagefind, query);
            });
        });
      })
      .then(function (results) {
        list.textContent = '';
        results.forEach(function (data) {
          var item = document.createElement('li');
          var link = document.createElement('a');
          link.href = data.url;
          link.textContent = clean((data.meta && data.meta.title) || data.url);
          var heading = document.createElement('h2');
          heading.appendChild(link);
          item.appendChild(heading);
          if (data.meta && data.meta.edition) {
            var edition = document.createElement('p');
            edition.className = 'search-edition';
            edition.textContent = clean(data.meta.edition);
            item.appendChild(edition);
          }
          var excerpt = document.createElement('p');
          excerpt.className = 'search-excerpt';
          // Pagefind's excerpt is the page's own text, escaped, with <mark> around the matches.
          excerpt.innerHTML = clean(data.excerpt);
          item.appendChild(excerpt);
          list.appendChild(item);
        });
        list.hidden = results.length === 0;
        say(status, (results.length ? messages.found : messages.none).replace('{q}', query).replace('{n}', String(results.length)));
      })
      .catch(function () {
        say(status, messages.failed);
      });
  });
})();
