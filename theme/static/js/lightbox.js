/* Album lightbox (theme/templates/albums/album.html).
 *
 * Without this script every thumbnail is a plain link to the large photo.
 * With it, a link opens the photo in a native modal <dialog> (focus stays inside,
 * Esc closes it and focus returns to the thumbnail); ←/→ and the buttons move
 * between photos.
 */
(function () {
  "use strict";
  var dialog = document.querySelector("dialog.lightbox");
  var links = document.querySelectorAll(".album-grid .lightbox-link");
  if (!dialog || !links.length || typeof dialog.showModal !== "function") return;
  var image = dialog.querySelector(".lightbox-image");
  var caption = dialog.querySelector(".lightbox-caption");
  var status = dialog.querySelector(".lightbox-status");
  var current = 0;
  var opener = null;

  function show(index) {
    current = (index + links.length) % links.length;
    var link = links[current];
    var thumb = link.querySelector("img");
    image.src = link.href;
    image.alt = thumb ? thumb.alt : "";
    caption.textContent = link.getAttribute("data-caption") || "";
    status.textContent = "第 " + (current + 1) + " 张，共 " + links.length + " 张";
  }

  Array.prototype.forEach.call(links, function (link, index) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
      dialog.querySelector(".lightbox-close").focus();
    });
  });
  dialog.querySelector(".lightbox-prev").addEventListener("click", function () { show(current - 1); });
  dialog.querySelector(".lightbox-next").addEventListener("click", function () { show(current + 1); });
  dialog.querySelector(".lightbox-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
    if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); // the backdrop
  });
  dialog.addEventListener("close", function () {
    image.src = "data:,";
    if (opener) opener.focus();
  });
})();
