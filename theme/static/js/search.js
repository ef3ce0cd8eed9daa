// The search page: queries the Pagefind bundle that the build writes under PAGEFIND_URL.
// Plain ES2017 plus one dynamic import() (Pagefind's API is an ES module), so it runs in
// WeChat's in-app browser; nothing is loaded from another host. The form is a plain GET
// form (?q=…&section=…): this script reads the same parameters, so links to results work.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var statusLine = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var empty = document.getElementById("search-empty");
  var fallback = document.getElementById("search-fallback");
  var filterBox = document.getElementById("search-filters");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var sortSelect = form.elements.sort;
  var PAGE = 10;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0; // a newer search makes older, slower ones stop writing

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) { select.dataset.wanted = params.get(select.name) || ""; });
    sortSelect.value = params.get("sort") === "date" ? "date" : "";
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    selects.forEach(function (select) { if (select.value) params.set(select.name, select.value); });
    if (sortSelect.value) params.set("sort", sortSelect.value);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function fillFilters(available) {
    selects.forEach(function (select) {
      var values = Object.keys(available[select.dataset.filter] || {}).sort(function (a, b) {
        return a.localeCompare(b, "zh-CN");
      });
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + "（" + available[select.dataset.filter][value] + "）";
        select.appendChild(option);
      });
      if (values.indexOf(select.dataset.wanted) >= 0) select.value = select.dataset.wanted;
      select.closest("label").hidden = values.length === 0;
    });
    filterBox.hidden = false;
  }

  // The excerpt under a result. Pagefind's own excerpt is a window of the raw page text:
  // the title again (the page's h1), and ". " where it joined two blocks. This one is
  // made from the page text with the title taken out and Chinese full stops between
  // blocks, cut around the first query word; text nodes and <mark> only, so no markup
  // from a page can ever reach this one.
  var EXCERPT = 90; // characters, about two lines of a phone
  var words = []; // the words of the query on screen
  var CLOSING = /[。！？；：，、…]/;

  function pageText(data) {
    var title = (data.meta && data.meta.title) || "";
    var text = (data.content || "").replace(/\s+/g, " ");
    if (title) text = text.split(title).join(" ");
    // ". " where Pagefind joined blocks: after Chinese text a Chinese full stop (or nothing
    // after Chinese punctuation); Latin sentences keep theirs.
    text = text.replace(/([\u3000-\u303f\u3400-\u9fff\uff00-\uffef”’])\s*\.(?:\s+|$)/g, function (all, last) {
      return CLOSING.test(last) ? last : last + "。";
    });
    return text.replace(/^[\s。．.，、：；]+/, "").trim();
  }

  function snippet(data) {
    var text = pageText(data);
    var lower = text.toLocaleLowerCase();
    var at = -1;
    words.forEach(function (word) {
      var found = lower.indexOf(word.toLocaleLowerCase());
      if (found >= 0 && (at < 0 || found < at)) at = found;
    });
    var start = at > 20 ? at - 20 : 0;
    if (start) { // begin at the sentence the word is in, when it starts close enough
      var stop = text.lastIndexOf("。", at);
      if (stop >= start - 20 && stop < at) start = stop + 1;
    }
    var part = text.slice(start, start + EXCERPT).trim();
    var fragment = document.createDocumentFragment();
    if (start) fragment.appendChild(document.createTextNode("…"));
    var pattern = words.length
      ? new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi")
      : null;
    (pattern ? part.split(pattern) : [part]).forEach(function (piece, index) {
      if (!piece) return;
      if (index % 2) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(document.createTextNode(piece));
      }
    });
    if (start + EXCERPT < text.length) fragment.appendChild(document.createTextNode("…"));
    return fragment;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "search-result";
    var title = document.createElement("h2");
    title.className = "search-result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.appendChild(link);
    item.appendChild(title);
    var facts = [];
    if (data.filters && data.filters.section) facts.push(data.filters.section.join("、"));
    if (data.filters && data.filters.category) facts.push(data.filters.category.join("、"));
    if (data.meta && data.meta.date) facts.push(data.meta.date);
    if (facts.length) {
      var meta = document.createElement("p");
      meta.className = "search-result-meta";
      meta.textContent = facts.join(" · ");
      item.appendChild(meta);
    }
    var excerpt = document.createElement("p");
    excerpt.className = "search-result-excerpt";
    excerpt.appendChild(snippet(data));
    item.appendChild(excerpt);
    return item;
  }

  function showMore(current, announce) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (current !== generation) return;
      if (announce) clear();
      pages.forEach(function (data) { list.appendChild(resultItem(data)); });
      more.hidden = shown >= results.length;
      // The count is announced (live region) in the same step as the results appear.
      if (announce) statusLine.textContent = announce;
    });
  }

  function clear() {
    list.textContent = "";
    more.hidden = true;
    empty.hidden = true;
  }

  // The indexer segments Chinese with its own dictionary; the browser segments the query
  // with Intl.Segmenter, and the two disagree on words neither knows, such as personal names
  // (陈志强 indexed as one word, queried as 陈 + 志强). When a query finds nothing, ask
  // again for pages with a word starting like each query word, then keep only the pages
  // whose text contains every query word. Bounded: at most MAX_CHECKED pages are read.
  var MAX_CHECKED = 100;
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
  function plain(text) { return text.replace(/[\s\u200b]+/g, "").toLocaleLowerCase(); }

  function fallbackSearch(term, options) {
    var words = term.split(/\s+/).filter(Boolean);
    if (!words.some(function (word) { return CJK.test(word); })) return Promise.resolve([]);
    var loose = words.map(function (word) { return CJK.test(word.charAt(0)) ? word.charAt(0) : word; }).join(" ");
    var wanted = words.map(plain);
    return pagefind.search(loose, options).then(function (found) {
      var candidates = found.results.slice(0, MAX_CHECKED);
      return Promise.all(candidates.map(function (result) { return result.data(); })).then(function (pages) {
        return pages
          .filter(function (data) {
            var text = plain(data.content || "") + plain((data.meta && data.meta.title) || "");
            return wanted.every(function (word) { return text.indexOf(word) >= 0; });
          })
          .map(function (data) { return { data: function () { return Promise.resolve(data); } }; });
      });
    });
  }

  // Each shard of the index matches a Chinese word it does not hold by shorter words it does
  // (奖学金 → 奖 in a shard without 奖学金), so a merged search can add pages that lack the
  // query, and hide the case the fallback above is for (a name indexed as one word). When a
  // query has few results, keep those that hold every query word, joined with the fallback's.
  // Bounded like the fallback: a query with more than MAX_CHECKED results is left as found.
  function holdingEveryWord(term, results, options) {
    var words = term.split(/\s+/).filter(Boolean);
    if (results.length > MAX_CHECKED || !words.some(function (word) { return CJK.test(word); })) {
      return Promise.resolve(results);
    }
    var wanted = words.map(plain);
    return Promise.all([
      Promise.all(results.map(function (result) { return result.data(); })),
      fallbackSearch(term, options),
    ]).then(function (both) {
      var kept = [];
      var seen = {};
      both[0].forEach(function (data, index) {
        var text = plain(data.content || "") + plain((data.meta && data.meta.title) || "");
        if (wanted.every(function (word) { return text.indexOf(word) >= 0; })) {
          seen[data.url] = true;
          kept.push(results[index]);
        }
      });
      return Promise.all(both[1].map(function (result) { return result.data(); })).then(function (loose) {
        loose.forEach(function (data, index) {
          if (!seen[data.url]) kept.push(both[1][index]);
          seen[data.url] = true;
        });
        return kept.length ? kept : results;
      });
    });
  }

  var lastKey = null; // the query on screen: asking again must not redraw it (focus stays put)

  function search() {
    var term = input.value.trim();
    words = term.split(/\s+/).filter(Boolean);
    var filters = {};
    selects.forEach(function (select) { if (select.value) filters[select.dataset.filter] = [select.value]; });
    var key = JSON.stringify([term, filters, sortSelect.value]);
    if (key === lastKey) return Promise.resolve();
    lastKey = key;
    var current = ++generation;
    writeUrl();
    if (!term && !Object.keys(filters).length) {
      clear();
      statusLine.textContent = "";
      return Promise.resolve();
    }
    var options = { filters: filters };
    if (sortSelect.value === "date") options.sort = { date: "desc" };
    return pagefind.search(term || null, options).then(function (found) {
      if (!term) return found.results;
      if (found.results.length) return holdingEveryWord(term, found.results, options);
      return fallbackSearch(term, options);
    }).then(function (found) {
      if (current !== generation) return;
      results = found;
      shown = 0;
      var label = term ? "“" + term + "”" : "所选条件";
      if (!results.length) {
        clear();
        statusLine.textContent = "没有找到与" + label + "相关的内容。";
        empty.hidden = false;
        return;
      }
      return showMore(current, "找到 " + results.length + " 条结果" + (term ? "（" + label + "）" : "") + "。");
    });
  }

  function failed() {
    lastKey = null;
    statusLine.textContent = "搜索暂时无法使用。";
    fallback.hidden = false;
  }

  var shardOptions = null; // what every shard is queried with
  var datedShards = []; // dated shards, newest first, each its own Pagefind instance once needed
  var sorted = null;

  function loadShards(bundle) {
    return fetch(bundle + "shards.json").then(function (response) {
      if (!response.ok) throw new Error("shards.json " + response.status);
      return response.json();
    }).then(function (list) {
      var shards = list.shards || [];
      if (!shards.length) throw new Error("no shards");
      datedShards = list.dated || [];
      return import(bundle + shards[0] + "/pagefind.js").then(function (module) {
        shardOptions = { baseUrl: form.dataset.base, excerptLength: 40 };
        return module.options(shardOptions).then(function () {
          return Promise.all(shards.slice(1).map(function (shard) {
            return module.mergeIndex(bundle + shard + "/", shardOptions);
          }));
        }).then(function () {
          return {
            filters: module.filters,
            search: function (term, options) {
              return options.sort ? sortedSearch(module, bundle, term, options) : module.search(term, options);
            },
          };
        });
      });
    });
  }

  // A merged search ranks sorted results by their position within each shard, which mixes
  // shards up. The dated shards cover disjoint date ranges, newest first: searched one by
  // one and joined in that order, their results are in date order across the whole site.
  function sortedSearch(module, bundle, term, options) {
    if (!sorted) {
      sorted = datedShards.map(function (shard) {
        var instance = module.createInstance({ basePath: bundle + shard + "/" });
        return instance.options(shardOptions).then(function () { return instance; });
      });
    }
    return Promise.all(sorted).then(function (instances) {
      return Promise.all(instances.map(function (instance) { return instance.search(term, options); }));
    }).then(function (found) {
      var results = [];
      found.forEach(function (one) { results = results.concat(one.results); });
      return { results: results };
    });
  }

  readUrl();
  var timer = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    if (pagefind) search().catch(failed);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { if (pagefind) search().catch(failed); }, 300);
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName === "SELECT" && pagefind) search().catch(failed);
  });
  more.addEventListener("click", function () {
    var first = shown;
    showMore(generation).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus(); // keyboard users continue at the first new result
    });
  });

  // The index is in shards (Pagefind bundles of pages grouped by date, newest first; see
  // plan_shards in wfu/search.py), listed in shards.json. Pagefind's mergeIndex joins them into one
  // search: relevance ranking and filter counts over every shard.
  loadShards(form.dataset.bundle)
    .then(function (module) {
      return module.filters().then(function (available) {
        pagefind = module;
        fillFilters(available);
        return search();
      });
    })
    .catch(failed);
})();
