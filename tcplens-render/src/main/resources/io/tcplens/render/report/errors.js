(function () {
  'use strict';
  var box = document.getElementById('tl-errors');
  function rec(msg) {
    box.appendChild(document.createTextNode(String(msg) + '\n'));
    box.setAttribute('data-count', String((+box.getAttribute('data-count') || 0) + 1));
  }
  window.addEventListener('error', function (e) { rec('error: ' + (e.message || e.type) + (e.filename ? ' at ' + e.filename + ':' + e.lineno : '')); });
  window.addEventListener('unhandledrejection', function (e) { rec('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) { rec('csp violation: ' + e.violatedDirective + ' ' + e.blockedURI); });
  var ce = console.error;
  console.error = function () { rec('console.error: ' + Array.prototype.join.call(arguments, ' ')); return ce.apply(console, arguments); };
})();
