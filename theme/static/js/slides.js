/* 要闻 slideshow on the home page (theme/templates/home.html).
 *
 * Without this script the slides are a CSS scroll-snap strip that readers swipe,
 * scroll or Tab through.  This adds 上一条 / 下一条 / 暂停轮播 buttons and turns
 * the slides every 6 seconds, except when the reader prefers reduced motion,
 * has paused, or is pointing at or focused inside the slideshow (WCAG 2.2.2).
 */
(function () {
  "use strict";
  var strip = document.getElementById("headline-slides");
  if (!strip) return;
  var section = strip.parentNode;
  var controls = section.querySelector(".slide-controls");
  var slides = strip.querySelectorAll(".slide");
  if (!controls || slides.length < 2) return;
  var status = controls.querySelector(".slide-status");
  var pause = controls.querySelector(".slide-pause");
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var paused = reduced;
  var hovered = false;
  var focused = false;
  var timer = null;
  var target = null; // the slide a smooth scroll is heading for

  function current() {
    var index = Math.round(strip.scrollLeft / Math.max(1, strip.clientWidth));
    return Math.min(slides.length - 1, Math.max(0, index));
  }

  function show(index) {
    var n = (index + slides.length) % slides.length;
    target = n;
    strip.scrollTo({ left: n * strip.clientWidth, behavior: reduced ? "auto" : "smooth" });
    status.textContent = n + 1 + " / " + slides.length;
  }

  function tick() {
    if (!paused && !hovered && !focused && !document.hidden) show(current() + 1);
  }

  function setPaused(value) {
    paused = value;
    pause.setAttribute("aria-pressed", value ? "true" : "false");
    pause.textContent = value ? "继续轮播" : "暂停轮播";
  }

  controls.hidden = false;
  setPaused(paused);
  controls.querySelector(".slide-prev").addEventListener("click", function () {
    setPaused(true);
    show(current() - 1);
  });
  controls.querySelector(".slide-next").addEventListener("click", function () {
    setPaused(true);
    show(current() + 1);
  });
  pause.addEventListener("click", function () {
    setPaused(!paused);
  });
  strip.addEventListener("scroll", function () {
    // a swipe or Tab moves the strip too; during our own smooth scroll keep the target
    if (target !== null && current() !== target) return;
    target = null;
    status.textContent = current() + 1 + " / " + slides.length;
  });
  strip.addEventListener("scrollend", function () {
    target = null;
    status.textContent = current() + 1 + " / " + slides.length;
  });
  section.addEventListener("mouseenter", function () { hovered = true; });
  section.addEventListener("mouseleave", function () { hovered = false; });
  section.addEventListener("focusin", function () { focused = true; });
  section.addEventListener("focusout", function () { focused = false; });
  if (!reduced) timer = window.setInterval(tick, 6000);
  section.setAttribute("data-slides", timer ? "auto" : "manual");
})();
