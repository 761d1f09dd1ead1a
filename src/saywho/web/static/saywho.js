// saywho web UI: small progressive enhancements; every page works without this file.
"use strict";

function cleanEmptyFields(form) {
  // Keep shared search URLs short: leave unset filters out of the query string.
  form.addEventListener("submit", function () {
    form.querySelectorAll("input, select").forEach(function (el) {
      if (el.name && el.value === "") el.disabled = true;
    });
    window.setTimeout(function () {
      form.querySelectorAll("[disabled]").forEach(function (el) { el.disabled = false; });
    }, 0);
  });
}

function articlePage(text) {
  var pieces = {};  // attribution index -> highlighted pieces of text
  text.querySelectorAll("[data-a]").forEach(function (el) {
    el.dataset.a.split(" ").forEach(function (i) { (pieces[i] = pieces[i] || []).push(el); });
  });
  var cards = {};
  document.querySelectorAll("[data-card]").forEach(function (el) { cards[el.dataset.card] = el; });
  var selected = null;

  function mark(indices, cls, on) {
    indices.forEach(function (i) {
      (pieces[i] || []).forEach(function (el) { el.classList.toggle(cls, on); });
      if (cards[i]) cards[i].classList.toggle(cls, on);
    });
  }
  function owners(el) {
    var hit = el.closest("[data-a]");
    return hit && text.contains(hit) ? hit.dataset.a.split(" ") : [];
  }
  function select(i, scrollText) {
    if (selected !== null) mark([selected], "sel", false);
    selected = selected === i && !scrollText ? null : i;
    if (selected === null) return;
    mark([i], "sel", true);
    var card = cards[i];
    if (card) card.scrollIntoView({block: "nearest", behavior: "smooth"});
    if (scrollText && pieces[i]) pieces[i][0].scrollIntoView({block: "center", behavior: "smooth"});
  }

  text.addEventListener("mouseover", function (e) { mark(owners(e.target), "hot", true); });
  text.addEventListener("mouseout", function (e) { mark(owners(e.target), "hot", false); });
  text.addEventListener("click", function (e) {
    var found = owners(e.target);
    if (found.length) select(found[0], false);
  });
  Object.keys(cards).forEach(function (i) {
    var card = cards[i];
    card.addEventListener("mouseenter", function () { mark([i], "hot", true); });
    card.addEventListener("mouseleave", function () { mark([i], "hot", false); });
    card.addEventListener("click", function (e) {
      if (e.target.closest("a")) return;  // let speaker links work
      select(i, true);
    });
    card.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(i, true); }
    });
  });
  document.querySelectorAll("[data-legend]").forEach(function (li) {
    var indices = li.dataset.legend.split(" ");
    li.addEventListener("mouseenter", function () { li.classList.add("hot"); mark(indices, "hot", true); });
    li.addEventListener("mouseleave", function () { li.classList.remove("hot"); mark(indices, "hot", false); });
  });

  var toggle = document.getElementById("show-bp");
  if (toggle) toggle.addEventListener("change", function () {
    text.classList.toggle("hide-bp", !toggle.checked);
  });
  var m = /^#a-(\d+)$/.exec(window.location.hash);
  if (m && cards[m[1]]) select(m[1], true);
}

document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("search-form");
  if (form) cleanEmptyFields(form);
  var text = document.getElementById("article-text");
  if (text) articlePage(text);
});
