// Draws every chart of the page from the JSON beside it; a click on a point opens the rows it counts.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.chart[data-figure]").forEach(function (element) {
    var data = document.getElementById(element.dataset.figure);
    if (!data || typeof Plotly === "undefined") {
      element.textContent = "The chart could not be drawn.";
      return;
    }
    var figure = JSON.parse(data.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false }).then(function () {
      element.dataset.drawn = "true";
    });
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var target = point && point.customdata;
      // Only links into this UI are followed.
      if (typeof target === "string" && target.charAt(0) === "/" && target.charAt(1) !== "/") {
        window.location.href = target;
      }
    });
  });
  // Empty fields stay out of the address, so that it reads as the query it is.
  document.querySelectorAll("form[method=get]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (field) {
        if (field.name && !field.value) { field.disabled = true; }
      });
    });
  });
  // Coming back to a page, its fields are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[method=get] [disabled]").forEach(function (field) { field.disabled = false; });
  });
  // Arriving at a sentence or turn, show it.
  function flash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target) {
      target.classList.add("flash");
      setTimeout(function () { target.classList.remove("flash"); }, 2500);
    }
  }
  window.addEventListener("hashchange", flash);
  flash();
});
