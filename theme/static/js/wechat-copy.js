// Editors' preview: copy an article's content.html for the 公众号 editor, as rich text
// (text/html) with a text/plain fallback, and copy single fields.
(function () {
  function say(item, text) {
    var status = item.querySelector(".copy-status");
    if (status) status.textContent = text;
  }
  function legacyCopy(html) {
    // Fallback for browsers without ClipboardItem: select rendered HTML and copy it.
    var holder = document.createElement("div");
    holder.contentEditable = "true";
    holder.style.position = "fixed";
    holder.style.left = "-9999px";
    holder.innerHTML = html;
    document.body.appendChild(holder);
    var range = document.createRange();
    range.selectNodeContents(holder);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var ok = document.execCommand("copy");
    selection.removeAllRanges();
    document.body.removeChild(holder);
    return ok;
  }
  function copyHtml(item) {
    var url = item.getAttribute("data-content");
    var html = fetch(url).then(function (r) { return r.text(); });
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write) {
      var data = new ClipboardItem({
        "text/html": html.then(function (t) { return new Blob([t], { type: "text/html" }); }),
        "text/plain": html.then(function (t) {
          var div = document.createElement("div");
          div.innerHTML = t;
          return new Blob([div.innerText], { type: "text/plain" });
        })
      });
      return navigator.clipboard.write([data]).then(function () { return true; }, function () {
        return html.then(legacyCopy);
      });
    }
    return html.then(legacyCopy);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var item = button.closest(".wechat-item");
    if (button.classList.contains("copy-content")) {
      copyHtml(item).then(function (ok) { say(item, ok ? "已复制，可到公众号编辑器粘贴" : "复制失败，请打开 content.html 手动复制"); });
    } else if (button.classList.contains("copy-field")) {
      var text = button.parentNode.querySelector(".field").textContent;
      (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject()).then(
        function () { say(item, "已复制：" + text.slice(0, 20)); },
        function () { say(item, "复制失败，请手动选择文字复制"); }
      );
    }
  });
})();

// Editors' preview: filter the list by title (the box stays hidden without JavaScript).
(function () {
  var box = document.querySelector(".wechat-filter");
  if (!box) return;
  var input = box.querySelector("input");
  var status = box.querySelector(".wechat-filter-status");
  var items = document.querySelectorAll(".wechat-item");
  var months = document.querySelectorAll(".wechat-month");
  box.hidden = false;
  input.addEventListener("input", function () {
    var words = input.value.trim();
    var shown = 0;
    items.forEach(function (item) {
      var match = !words || item.getAttribute("data-title").indexOf(words) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    months.forEach(function (month) {
      month.hidden = !month.querySelector(".wechat-item:not([hidden])");
    });
    status.textContent = words ? "找到 " + shown + " 篇" : "";
  });
})();
