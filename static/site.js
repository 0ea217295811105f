// jixiao: the larger-text mode (大字模式). Every page reads fully without
// this script; with it, a button in the header switches the text size and
// the choice persists in localStorage. It runs in <head> so that a reader
// who chose larger text never sees the page at the small size first.
(function () {
  'use strict';
  var KEY = 'jixiao-large-text';
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === '1';
    } catch (e) {
      return false; // storage disabled: the mode lasts for the page only
    }
  }

  function store(on) {
    try {
      if (on) {
        window.localStorage.setItem(KEY, '1');
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (e) {
      // storage disabled
    }
  }

  if (stored()) {
    root.classList.add('large-text');
  }

  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('text-size');
    if (!button) {
      return;
    }
    button.setAttribute('aria-pressed', String(root.classList.contains('large-text')));
    button.hidden = false;
    button.addEventListener('click', function () {
      var on = !root.classList.contains('large-text');
      root.classList.toggle('large-text', on);
      button.setAttribute('aria-pressed', String(on));
      store(on);
    });
  });
})();
