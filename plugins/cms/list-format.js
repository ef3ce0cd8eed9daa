// The data files (gifts, associations, honours, graduate counts) are YAML lists at the
// top level, which Decap CMS cannot edit (decap-cms issue #531).  This format shows the
// list as one field, "items", and writes it back as the same top-level list, so a file
// saved here reads exactly like one written by hand: the loader, its path:line errors and
// the guide's examples do not change.  The file's opening comment lines are kept.
// YAML is read and written by js-yaml (pinned in tools/cms/package.json, served from here).
(function () {
  var HEADER = "__header";

  // A record's fields in the registry's order (window.WFU_LIST_KEYS, set by admin.js), others after:
  // Decap does not keep the order the file had.
  function ordered(keys) {
    var order = window.WFU_LIST_KEYS || [];
    function rank(key) {
      var at = order.indexOf(key);
      return at < 0 ? order.length : at;
    }
    return keys
      .map(function (key, index) { return [rank(key), index, key]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (item) { return item[2]; });
  }

  // Decap leaves "" or null for a field the editor emptied; a hand-written file leaves it out
  // (the loader would read college: "" as a wrong id).
  function clean(value) {
    if (Array.isArray(value)) {
      return value.map(clean).filter(function (item) { return item !== undefined; });
    }
    if (value && typeof value === "object" && !(value instanceof Date)) {
      var out = {};
      ordered(Object.keys(value)).forEach(function (key) {
        var item = clean(value[key]);
        if (item !== undefined) out[key] = item;
      });
      return Object.keys(out).length ? out : undefined;
    }
    if (value === "" || value === null || value === undefined) return undefined;
    return value;
  }

  CMS.registerCustomFormat("wfu-list", "yml", {
    fromFile: function (text) {
      var header = (text.match(/^(?:[ \t]*(?:#[^\n]*)?\n)*/) || [""])[0];
      // CORE_SCHEMA: dates stay text (2024-05-12), as the site's loader reads them.
      var data = jsyaml.safeLoad(text, { schema: jsyaml.CORE_SCHEMA });
      if (data !== null && data !== undefined && !Array.isArray(data)) {
        throw new Error("这个文件不是以“- ”开头的列表，不能在网页编辑器中打开：请运行 invoke check 查看原因");
      }
      var out = { items: data || [] };
      out[HEADER] = header;
      return out;
    },
    toFile: function (data) {
      var items = ((data && data.items) || []).map(clean).filter(function (item) { return item !== undefined; });
      var body = items.length
        ? jsyaml.safeDump(items, { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true, skipInvalid: true })
        : "[]\n";
      return ((data && data[HEADER]) || "") + body;
    },
  });
})();
