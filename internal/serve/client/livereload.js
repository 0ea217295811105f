// jixiao serve: live reload. The dev server adds this script to every page
// it serves; a built site never has it. It listens to the server's events
// (Server-Sent Events) and reloads the page when the page changed, shows
// the problems of a failed rebuild over the page, and reconnects, with
// growing pauses, when the server goes away: a restarted server makes the
// page reload.
(function () {
  'use strict';
  var script = document.currentScript;
  var server = script ? script.getAttribute('data-server') || '' : '';
  var version = script ? script.getAttribute('data-version') || '0' : '0';
  var root = document.documentElement;
  var pause = 250;
  var overlay = null;
  var returnFocus = null;

  function state(s) {
    root.setAttribute('data-jixiao-live', s);
  }

  function connect() {
    var url = '/_jixiao/events?path=' + encodeURIComponent(location.pathname) +
      '&v=' + encodeURIComponent(version) + '&server=' + encodeURIComponent(server);
    var source = new EventSource(url);
    source.onopen = function () {
      pause = 250;
      state('open');
    };
    source.addEventListener('reload', function () {
      state('reloading');
      source.close();
      location.reload();
    });
    source.addEventListener('problems', function (e) {
      show(JSON.parse(e.data).problems || []);
    });
    source.addEventListener('ok', hide);
    source.onerror = function () {
      // Reconnect ourselves rather than let EventSource retry at its own
      // pace, and give the current server and version each time.
      source.close();
      state('closed');
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 5000);
    };
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  // stylesheet loads the overlay's styles, before any problem comes, so
  // that the overlay never shows unstyled.
  function stylesheet() {
    var link = el('link');
    link.rel = 'stylesheet';
    link.href = '/_jixiao/overlay.css';
    document.head.appendChild(link);
  }

  function where(p) {
    var s = p.path || '';
    if (p.line) {
      s += ':' + p.line;
      if (p.col) {
        s += ':' + p.col;
      }
    }
    return s;
  }

  // show lays the problems over the page: a dialog that names each file,
  // line and message as `jixiao check` prints them.
  function show(problems) {
    var fresh = !overlay;
    if (fresh) {
      overlay = el('div', 'jixiao-overlay');
      overlay.id = 'jixiao-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-labelledby', 'jixiao-overlay-title');
      overlay.setAttribute('aria-describedby', 'jixiao-overlay-note');
      overlay.tabIndex = -1;
      overlay.addEventListener('keydown', keydown);
    }
    overlay.textContent = '';
    var box = el('div', 'jixiao-overlay-box');
    var title = el('h2', 'jixiao-overlay-title', '网站生成失败：' + problems.length + ' 个错误');
    title.id = 'jixiao-overlay-title';
    var note = el('p', 'jixiao-overlay-note',
      '页面显示的是上次生成成功的内容。修正下列问题并保存后，此提示会自动消失。' +
      ' The build failed: this is the last good page; fix these and save.');
    note.id = 'jixiao-overlay-note';
    var list = el('ol', 'jixiao-problems');
    problems.forEach(function (p) {
      var item = el('li');
      item.appendChild(el('span', 'jixiao-where', where(p)));
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('span', 'jixiao-rule', p.severity + ' ' + p.rule));
      item.appendChild(el('pre', 'jixiao-message', p.message));
      list.appendChild(item);
    });
    var close = el('button', 'jixiao-overlay-close', '关闭 Close');
    close.type = 'button';
    close.addEventListener('click', hide);
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(close);
    overlay.appendChild(box);
    if (fresh) {
      returnFocus = document.activeElement;
      document.body.appendChild(overlay);
      overlay.focus({ preventScroll: true });
    }
  }

  function hide() {
    if (!overlay) {
      return;
    }
    overlay.remove();
    overlay = null;
    if (returnFocus && returnFocus.focus) {
      returnFocus.focus();
    }
    returnFocus = null;
  }

  // keydown closes the dialog on Escape and keeps Tab inside it.
  function keydown(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      hide();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      overlay.querySelector('button').focus();
    }
  }

  stylesheet();
  connect();
})();
