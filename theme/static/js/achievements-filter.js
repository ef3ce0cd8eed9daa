// Progressive enhancement for /achievements/: filter the cards in place.
// Without JavaScript the form stays hidden and the grouping pages do the job.
(function () {
  var form = document.getElementById("profile-filter");
  var grid = document.getElementById("profile-grid");
  if (!form || !grid) return;
  var cards = grid.querySelectorAll(".profile-card");
  var status = form.querySelector(".filter-status");
  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var match = ["field", "college", "decade"].every(function (name) {
        var value = form.elements[name].value;
        return !value || card.getAttribute("data-" + name) === value;
      });
      card.hidden = !match;
      if (match) shown += 1;
    });
    status.textContent = "显示 " + shown + " 位校友";
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})();
