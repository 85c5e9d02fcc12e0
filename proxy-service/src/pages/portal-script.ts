/**
 * The portal's only script, served from /admin/portal.js (the CSP allows scripts from 'self' only). Every page
 * works without it; with it, times read in the viewer's own zone and a new API key gets a Copy button.
 * Plain ES2017 as the browser runs it, so it is a string here rather than a compiled module.
 */
export const PORTAL_SCRIPT = `'use strict';
(function () {
  // Times: the server writes UTC minutes; the viewer reads them in their zone, still to the minute.
  var format = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
  });
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    var when = new Date(el.getAttribute('datetime'));
    if (!isNaN(when.getTime())) el.textContent = format.format(when);
  });

  // Copy buttons: hidden without a script, since they need one.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById(button.getAttribute('data-copy') + '-status');
    if (!source) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = source.textContent.trim();
      var done = function () { if (status) status.textContent = 'Copied to the clipboard.'; };
      var fallback = function () {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (document.execCommand('copy')) done();
        else if (status) status.textContent = 'Select the key and copy it.';
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  });
})();
`;
