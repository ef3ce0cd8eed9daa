/* Giving from a phone (theme/templates/donate/give.html): show the chosen amount in step 2.
 * Nothing is sent anywhere; without this script step 2 reads "您选择的金额". */
(function () {
  "use strict";
  var chosen = document.querySelector(".give .give-chosen");
  if (!chosen) return;
  var inputs = document.querySelectorAll(".give input[name='give-amount']");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("change", function (event) {
      var yuan = Number(event.target.value).toLocaleString("zh-CN");
      chosen.textContent = " " + yuan + " 元 ";
    });
  }
})();
