// A minimal page until the full one arrives: send the form to
// /api/report and offer the zip, or show the error.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var token = document.querySelector('meta[name="wq-token"]').content;
  var form = document.getElementById('report');
  var status = document.getElementById('status');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    status.textContent = 'Working...';
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/report');
    xhr.setRequestHeader('X-WQ-Token', token);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    xhr.onload = function () {
      var r = xhr.response || {};
      if (xhr.status === 200 && r.download) {
        status.textContent = 'Done. ';
        var a = document.createElement('a');
        a.href = r.download;
        a.textContent = 'Download the reports (zip)';
        status.appendChild(a);
      } else {
        status.textContent = 'Error: ' + (r.error || xhr.status) +
          (r.file ? ' (' + r.file + (r.line ? ', line ' + r.line : '') + ')' : '');
      }
    };
    xhr.send(new FormData(form));
  });
});
