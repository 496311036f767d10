/* app.js: the yearly job in a page. Talks to the server that `wres serve`
 * starts (the API is described in docs/serve.md): /api/columns for each file,
 * /api/config for last year's settings, /api/report to make the reports,
 * /api/progress while they are made. Plain DOM, no framework, no build step;
 * no inline script or style (the server's Content-Security-Policy forbids
 * them). */
'use strict';

(function () {
  // The inputs, in the order a person gathers them; a plain one is a list,
  // not a table with columns to find: the server reads it whole and says
  // how many entries it holds (what: what they are).
  var INPUTS = [
    { key: 'staff', title: 'Staff in post at the year end',
      text: 'ESR "Staff in Post" at 31 March, one row per assignment: employee number, ethnic origin, disability, pay band, staff group (and the directorate columns to break down by).' },
    { key: 'wdes-staff', as: 'staff', title: 'Staff in post for WDES', optional: true,
      text: 'Only when the WDES figures come from a different staff in post extract (a later snapshot, say). Without it both standards use the file above.' },
    { key: 'staff-start', title: 'Staff in post at the start of the year', optional: true,
      text: 'The same ESR report at 1 April of the year before. With it, leaver rates use the average headcount.' },
    { key: 'leavers', title: 'Leavers',
      text: 'ESR leavers from 1 April to 31 March, one row per assignment: employee number, ethnic origin, disability, termination date and leaving reason.' },
    { key: 'recruitment', title: 'Recruitment',
      text: 'From the recruitment system (TRAC, NHS Jobs ...): each applicant with ethnicity, disability and whether shortlisted and appointed; or its table of applications per group.' },
    { key: 'cases', title: 'Employee relations cases',
      text: 'The case log at the formal stage: employee number, case type (disciplinary, capability), formal stage date and grounds.' },
    { key: 'training', title: 'Training (WRES)',
      text: 'The learning system\'s course records for the year: employee number, course title, completion date and whether the course is mandatory.' },
    { key: 'mandatory-courses', title: 'Mandatory courses (WRES)', optional: true, plain: true, what: 'course titles',
      text: 'A list of the mandatory course titles, one per row, when the training file does not say which are mandatory.' },
    { key: 'survey', title: 'Staff Survey breakdowns', multiple: true,
      text: 'NHS England\'s WRES and WDES breakdown tables from the Staff Survey (add several): measure, group, respondents and percent or score.' },
    { key: 'board', title: 'Board members',
      text: 'The board list without names: voting, executive (yes or no), ethnic origin and disability.' },
    { key: 'vocab', title: 'Extra spellings', optional: true, plain: true, multiple: true, what: 'spellings',
      text: 'Only if a check reports values it did not recognise: a CSV of kind, value, meaning (see the manual).' },
  ];
  var STAGES = {
    reading: 'Reading the files', computing: 'Computing the figures',
    writing: 'Writing the reports', zipping: 'Packing the zip', done: 'Finished',
    failed: 'Stopped',
  };
  var STANDARD_NAMES = { wres: 'WRES (race)', wdes: 'WDES (disability)' };

  var token = '';
  var config = null; // { file, json } of last year's settings
  var entries = {}; // input key -> [ { id, file, map: {field: header}, info, error } ]
  var nextId = 1;
  var running = false;

  function $(id) { return document.getElementById(id); }

  // el('p', {class: 'x', text: 'y'}, [children])
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'hidden' || k === 'checked' || k === 'selected' || k === 'multiple') e[k] = !!attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) {
      if (c !== null && c !== undefined) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  // ---- talking to the server ----

  // POST FORM to URL; calls back with (null, json) or (error, null). An
  // error is the server's JSON {error, exit, file, line, column} or one made
  // here for a network failure.
  function post(url, form, done, opts) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('X-WQ-Token', token);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'text';
    if (opts && opts.onUpload) xhr.upload.onprogress = opts.onUpload;
    xhr.onload = function () {
      var j = null;
      try { j = JSON.parse(xhr.responseText); } catch (e) { j = null; }
      if (xhr.status >= 200 && xhr.status < 300 && j) return done(null, j);
      if (j && j.error) return done(j, null);
      var why = xhr.status === 413 ? 'The files are larger than the server accepts (see wres serve --max-upload).'
        : xhr.status === 403 ? 'The server refused the request: open the address printed by wres serve again.'
          : 'The server answered ' + xhr.status + ' ' + xhr.statusText + '.';
      done({ error: why, exit: null, file: null, line: null, column: null }, null);
    };
    xhr.onerror = function () {
      done({ error: 'The server did not answer: is wres serve still running?', file: null }, null);
    };
    xhr.send(form);
    return xhr;
  }

  function getJSON(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('X-WQ-Token', token);
    xhr.onload = function () {
      var j = null;
      try { j = JSON.parse(xhr.responseText); } catch (e) { j = null; }
      done(xhr.status === 200 ? j : null);
    };
    xhr.onerror = function () { done(null); };
    xhr.send();
  }

  // "file.csv, line 12, column Ethnic Origin: message"
  function errorText(err) {
    var where = [];
    if (err.line !== null && err.line !== undefined) where.push('line ' + err.line);
    if (err.column !== null && err.column !== undefined && err.column !== '') where.push('column ' + err.column);
    return (where.length ? where.join(', ') + ': ' : '') + err.error;
  }

  // ---- the file cards ----

  function buildCards() {
    var box = $('cards');
    INPUTS.forEach(function (inp) {
      entries[inp.key] = [];
      var id = 'file-' + inp.key;
      var card = el('section', { class: 'card', id: 'card-' + inp.key, 'aria-labelledby': 'h-' + inp.key }, [
        el('h3', { id: 'h-' + inp.key }, [inp.title, inp.optional ? el('span', { class: 'opt', text: ' (optional)' }) : null]),
        el('p', { class: 'hint', id: 'd-' + inp.key, text: inp.text }),
        el('p', { class: 'expect', id: 'x-' + inp.key, hidden: true }),
        el('div', { class: 'drop', id: 'drop-' + inp.key }, [
          el('label', { for: id }, [inp.multiple ? 'Choose files' : 'Choose a file',
            el('span', { class: 'vh', text: ': ' + inp.title })]),
          el('input', { type: 'file', id: id, 'aria-describedby': 'd-' + inp.key, multiple: !!inp.multiple,
            accept: '.csv,.txt,.tsv,.xlsx,text/csv,text/plain' }),
          el('span', { class: 'or', text: inp.multiple ? 'or drop them here' : 'or drop it here' }),
        ]),
        el('div', { class: 'problem', id: 'err-' + inp.key, role: 'alert', hidden: true }),
        el('div', { class: 'files', id: 'files-' + inp.key }),
      ]);
      box.appendChild(card);
      $(id).addEventListener('change', function (ev) {
        addFiles(inp, ev.target.files);
        ev.target.value = '';
      });
      dropZone($('drop-' + inp.key), function (files) { addFiles(inp, files); });
    });
  }

  function dropZone(zone, take) {
    zone.addEventListener('dragover', function (ev) {
      ev.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (ev) {
      ev.preventDefault();
      zone.classList.remove('over');
      if (ev.dataTransfer && ev.dataTransfer.files.length) take(ev.dataTransfer.files);
    });
  }

  function addFiles(inp, files) {
    if (!files || !files.length) return;
    if (!inp.multiple) entries[inp.key] = [];
    var list = inp.multiple ? Array.prototype.slice.call(files) : [files[0]];
    list.forEach(function (f) {
      var e = { id: nextId++, file: f, map: {}, info: null, error: null };
      entries[inp.key].push(e);
      askColumns(inp, e);
    });
    showCardError(inp.key, null);
    renderFiles(inp);
  }

  // The column names that apply to this input: last year's [columns] first,
  // then what was picked on this card (the later wins in the engine).
  function columnArgs(e) {
    var out = [];
    if (config && config.json.column) out = out.concat(config.json.column);
    Object.keys(e.map).forEach(function (f) { out.push(f + '=' + e.map[f]); });
    return out;
  }

  function askColumns(inp, e) {
    var form = new FormData();
    form.append('input', inp.as || inp.key);
    form.append('file', e.file, e.file.name);
    if (!inp.plain) columnArgs(e).forEach(function (c) { form.append('column', c); });
    if (e.sheet) form.append('sheet', e.sheet);
    e.busy = true;
    post('/api/columns', form, function (err, j) {
      e.busy = false;
      e.info = j;
      e.error = err;
      renderFiles(inp);
      if (inp.key === 'staff') renderBy();
    });
  }

  function renderFiles(inp) {
    var box = $('files-' + inp.key);
    // Rebuilding the blocks must not lose the keyboard's place.
    var had = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : null;
    clear(box);
    entries[inp.key].forEach(function (e) { box.appendChild(fileBlock(inp, e)); });
    if (had && $(had)) $(had).focus();
    $('card-' + inp.key).classList.toggle('has-file', entries[inp.key].length > 0);
  }

  function fileBlock(inp, e) {
    var div = el('div', { class: 'file', id: 'f-' + e.id }, [
      el('p', { class: 'fname' }, [el('strong', { text: e.file.name }),
        ' ', el('button', { type: 'button', class: 'link', 'aria-label': 'Remove ' + e.file.name, text: 'Remove' })]),
    ]);
    div.querySelector('button').addEventListener('click', function () {
      entries[inp.key] = entries[inp.key].filter(function (x) { return x !== e; });
      renderFiles(inp);
      if (inp.key === 'staff') renderBy();
      $('file-' + inp.key).focus();
    });
    if (e.busy) div.appendChild(el('p', { class: 'status', text: 'Reading the file ...' }));
    if (e.error) div.appendChild(el('p', { class: 'problem', role: 'alert', text: errorText(e.error) }));
    if (/\.xlsx$/i.test(e.file.name)) div.appendChild(sheetChoice(inp, e));
    if (e.info && inp.plain) div.appendChild(listFacts(inp, e.info));
    else if (e.info) {
      div.appendChild(facts(e.info));
      div.appendChild(fieldTable(inp, e));
    }
    return div;
  }

  function readAs(j) {
    return (j.encoding || '?') + (j.sheet ? ', sheet ' + j.sheet : j.delimiter ? ', ' + j.delimiter + '-separated' : '');
  }

  // A list read whole: how, and how many entries.
  function listFacts(inp, j) {
    var dl = el('dl', { class: 'facts' });
    [['Read as', readAs(j)], ['Holds', j.entries + ' ' + inp.what]].forEach(function (kv) {
      dl.appendChild(el('dt', { text: kv[0] }));
      dl.appendChild(el('dd', { text: kv[1] }));
    });
    dl.appendChild(el('dt', { text: 'Check' }));
    dl.appendChild(el('dd', { class: 'good', text: 'Read without a problem.' }));
    return dl;
  }

  function facts(j) {
    var dl = el('dl', { class: 'facts' });
    function add(k, v) { dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', { text: String(v) })); }
    add('Read as', readAs(j));
    add('Header', 'line ' + j.header_line + (j.title_lines ? ' (' + j.title_lines + ' title lines above it skipped)' : ''));
    add('Columns', (j.headers || []).length);
    var miss = j.missing_required || [];
    var dd = el('dd', { class: miss.length ? 'bad' : 'good',
      text: miss.length ? 'Required column not found: ' + miss.join(', ') + '. Pick it below.' : 'All required columns found.' });
    dl.appendChild(el('dt', { text: 'Check' }));
    dl.appendChild(dd);
    return dl;
  }

  // A workbook: which sheet holds the data (a list when the server names
  // the sheets, else the name to type; empty for the first sheet).
  function sheetChoice(inp, e) {
    var sid = 'sheet-' + e.id;
    var names = e.info && e.info.sheets ? e.info.sheets : [];
    var ctl = names.length > 1
      ? el('select', { id: sid }, names.map(function (n) {
        return el('option', { value: n, text: n, selected: n === e.info.sheet });
      }))
      : el('input', { type: 'text', id: sid, value: e.sheet || (e.info && e.info.sheet) || '', 'aria-describedby': sid + '-h' });
    ctl.addEventListener('change', function () {
      e.sheet = ctl.value.trim();
      askColumns(inp, e);
      renderFiles(inp);
    });
    return el('p', { class: 'sheet' }, [el('label', { for: sid, text: 'Sheet ' }), ctl,
      names.length > 1 ? null : el('span', { class: 'hint', id: sid + '-h', text: ' (its name; empty for the first sheet)' })]);
  }

  var HOW = { alias: 'found by its name', column: 'as you picked it' };

  function fieldTable(inp, e) {
    var j = e.info;
    var tb = el('tbody');
    var table = el('table', { class: 'fields' }, [
      el('caption', { text: 'Which column holds what' }),
      el('thead', {}, [el('tr', {}, [el('th', { scope: 'col', text: 'What' }),
        el('th', { scope: 'col', text: 'Column in the file' }), el('th', { scope: 'col', text: 'How' })])]),
      tb,
    ]);
    var absent = j.missing_required || [];
    (j.fields || []).forEach(function (f) {
      // A guess is only a suggestion: the engine uses it once it is picked.
      var guess = f.how === 'guess' ? f.header : null;
      var header = guess ? null : f.header;
      var missing = absent.indexOf(f.field) >= 0 || (f.required && !header);
      var sid = 'sel-' + e.id + '-' + f.field;
      var sel = el('select', { id: sid, 'data-field': f.field });
      sel.appendChild(el('option', { value: '', text: header ? '(not used)' : (missing ? 'Not found: pick one' : 'Not found (optional)') }));
      (j.headers || []).forEach(function (h) {
        sel.appendChild(el('option', { value: h, text: h, selected: h === header }));
      });
      if (!header) sel.value = '';
      sel.addEventListener('change', function () {
        if (sel.value) e.map[f.field] = sel.value;
        else delete e.map[f.field];
        askColumns(inp, e);
        renderFiles(inp);
      });
      tb.appendChild(el('tr', { class: missing ? 'missing' : null }, [
        el('th', { scope: 'row' }, [el('label', { for: sid, text: f.field }),
          f.required ? el('span', { class: 'req', text: ' required' }) : null]),
        el('td', {}, [sel]),
        el('td', { text: missing ? whyNeeded(inp, f) + (guess ? ' Perhaps "' + guess + '"?' : '')
          : header ? (HOW[f.how] || f.how || '') : guess ? 'Perhaps "' + guess + '"?' : '' }),
      ]));
    });
    return table;
  }

  // (The engine's rule, docs/inputs.md: a list of mandatory courses stands
  // in for the training file's Mandatory column.)
  function whyNeeded(inp, f) {
    if (inp.key === 'training' && f.field === 'mandatory') return 'Missing: needed unless you add the list of mandatory courses.';
    return 'Missing: the reports cannot be made without it.';
  }

  function showCardError(key, err) {
    var box = $('err-' + key);
    if (!box) return false;
    box.hidden = !err;
    box.textContent = err ? errorText(err) : '';
    $('card-' + key).classList.toggle('has-error', !!err);
    return true;
  }

  // ---- last year's settings ----

  function openConfig(files) {
    if (!files || !files.length) return;
    var f = files[0];
    var form = new FormData();
    form.append('config', f, f.name);
    var out = $('config-result');
    clear(out);
    out.appendChild(el('p', { class: 'status', text: 'Reading ' + f.name + ' ...' }));
    post('/api/config', form, function (err, j) {
      clear(out);
      if (err) {
        config = null;
        out.appendChild(el('p', { class: 'problem', role: 'alert', text: f.name + ': ' + errorText(err) }));
        return;
      }
      config = { file: f, json: j };
      applyConfig(j);
      out.appendChild(el('p', { class: 'good', text: 'Settings from ' + f.name + ' filled in. Now add the files it names (shown on each box).' }));
      INPUTS.forEach(function (inp) {
        if (!inp.plain) entries[inp.key].forEach(function (e) { askColumns(inp, e); });
      });
    });
  }

  function applyConfig(j) {
    if (j.year) $('year').value = j.year;
    if (j.trust) $('trust').value = j.trust;
    // (The server gives report's default when the INI has no threshold.)
    if (typeof j.suppress === 'number') $('suppress').value = j.suppress;
    if (j.standard) document.querySelector('input[name=standard][value=' + j.standard + ']').checked = true;
    suppressWarn();
    byChoice = null;
    renderBy();
    INPUTS.forEach(function (inp) {
      var names = expected(j.files || {}, inp.key);
      var p = $('x-' + inp.key);
      p.hidden = names.length === 0;
      p.textContent = names.length ? 'Last year: ' + names.join(', ') : '';
    });
  }

  // The file names last year's settings give for KEY: a name, a list, or
  // per standard ({"wres": ..., "wdes": ...}). A staff file of WDES's own
  // belongs on its card.
  function expected(files, key) {
    var out = [];
    function take(v, label) {
      if (v === null || v === undefined) return;
      if (Array.isArray(v)) v.forEach(function (x) { take(x, label); });
      else if (typeof v === 'string') out.push(label ? v + ' (' + label + ')' : v);
    }
    if (key === 'wdes-staff') {
      if (files.wdes) take(files.wdes.staff, 'WDES');
      return out;
    }
    take(files[key], '');
    ['wres', 'wdes'].forEach(function (s) {
      if (files[s] && !(key === 'staff' && s === 'wdes')) take(files[s][key], s.toUpperCase());
    });
    return out;
  }

  // ---- choices ----

  function chosenBy() {
    return Array.prototype.map.call(document.querySelectorAll('#by-list input.by-col:checked'),
      function (c) { return c.value; });
  }

  // The columns ticked on the page ([]: no breakdown), or null while last
  // year's settings decide.
  var byChoice = null;

  function wantedBy() {
    return byChoice !== null ? byChoice : config && config.json.by ? config.json.by : [];
  }

  // A tick on a column clears "No breakdown"; "No breakdown" clears them all.
  function byChanged(ev) {
    byChoice = ev.target.id === 'by-none' ? (ev.target.checked ? [] : chosenBy()) : chosenBy();
    Array.prototype.forEach.call(document.querySelectorAll('#by-list input.by-col'), function (c) {
      c.checked = byChoice.indexOf(c.value) >= 0;
    });
    $('by-none').checked = byChoice.length === 0;
  }

  // Columns never offered as a breakdown: identifiers, the groups compared,
  // numbers and dates.
  var NOT_BY = ['person', 'assignment', 'primary', 'fte', 'ethnicity', 'disability', 'termination-date'];

  function renderBy() {
    var staff = entries.staff[0];
    var used = staff && staff.info ? (staff.info.fields || []).filter(function (f) {
      return f.header && f.how !== 'guess' && NOT_BY.indexOf(f.field) >= 0;
    }).map(function (f) { return f.header; }) : [];
    var headers = staff && staff.info ? (staff.info.headers || []).filter(function (h) { return used.indexOf(h) < 0; }) : [];
    var want = wantedBy();
    var names = headers.slice();
    want.forEach(function (b) { if (names.indexOf(b) < 0) names.push(b); });
    var box = $('by-list');
    clear(box);
    $('by-hint').hidden = names.length > 0;
    box.appendChild(el('label', {}, [el('input', { type: 'checkbox', id: 'by-none', value: '',
      checked: want.length === 0 }), ' No breakdown (the whole trust only)']));
    names.forEach(function (h, i) {
      box.appendChild(el('label', {}, [el('input', { type: 'checkbox', id: 'by-' + i, class: 'by-col', value: h,
        checked: want.indexOf(h) >= 0 }), ' ' + h]));
    });
    Array.prototype.forEach.call(box.querySelectorAll('input'), function (c) { c.addEventListener('change', byChanged); });
  }

  function suppressWarn() {
    var v = $('suppress').value.trim();
    $('suppress-warn').hidden = !(v !== '' && Number(v) === 0);
  }

  // ---- making the reports ----

  function jobId() {
    var a = new Uint8Array(12);
    window.crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // What is wrong before anything is sent, or null.
  function notReady() {
    if (!entries.staff.length) return 'Add the staff in post file (step 2).';
    var all = [];
    INPUTS.forEach(function (inp) { all = all.concat(entries[inp.key]); });
    if (all.some(function (e) { return e.busy; })) return 'Wait until every file has been read.';

    var y = $('year').value.trim();
    if (!/^\d{4}$/.test(y)) return 'Give the reporting year as four digits, for example 2019 for the year ending 31 March 2019.';
    if (!/^\d+$/.test($('suppress').value.trim())) return 'Give the publication threshold as a whole number (10 usually; 0 for none).';
    return trustProblem();
  }

  // The command line's rule for a trust's name (--trust): at most 200
  // bytes of UTF-8, no control character, no double quote. What breaks it,
  // in words, or null; the field is marked while it does.
  var TRUST_MAX = 200;
  function trustProblem() {
    var v = $('trust').value.trim();
    var why = null;
    if (/"/.test(v)) why = 'The trust\'s name cannot contain double quotation marks ("): write single ones (\') instead.';
    else if (/[\u0000-\u001f\u007f]/.test(v)) why = 'The trust\'s name cannot contain a tab, a line break or another invisible control character: type it again rather than pasting it.';
    else if (new TextEncoder().encode(v).length > TRUST_MAX) why = 'The trust\'s name is too long: up to ' + TRUST_MAX + ' characters, a letter with an accent counting as two.';
    if (why) $('trust').setAttribute('aria-invalid', 'true');
    else $('trust').removeAttribute('aria-invalid');
    return why;
  }

  function reportForm(job) {
    var form = new FormData();
    var cols = [];
    // Last year's settings go as they are (the server drops their file
    // names); what is chosen on the page overrides them.
    if (config) form.append('config', config.file, config.file.name);
    INPUTS.forEach(function (inp) {
      entries[inp.key].forEach(function (e) {
        form.append(inp.key, e.file, e.file.name);
        if (e.sheet) form.append('sheet', inp.key + '=' + e.sheet);
        Object.keys(e.map).forEach(function (f) { cols.push(f + '=' + e.map[f]); });
      });
    });
    cols.forEach(function (c) { form.append('column', c); });
    form.append('year', $('year').value.trim());
    // (An empty one is no name: last year's is dropped too.)
    form.append('trust', $('trust').value.trim());
    // (An empty one is no breakdown: last year's is dropped too.)
    var by = chosenBy();
    if (!by.length) form.append('by', '');
    by.forEach(function (b) { form.append('by', b); });
    form.append('suppress', $('suppress').value.trim());
    form.append('standard', document.querySelector('input[name=standard]:checked').value);
    form.append('job', job);
    return form;
  }

  function setProgress(text, value) {
    $('progress-text').textContent = text;
    var p = $('progress');
    if (value === null) p.removeAttribute('value');
    else p.value = value;
  }

  function run() {
    if (running) return;
    var problem = notReady();
    var box = $('run-error');
    INPUTS.forEach(function (inp) { showCardError(inp.key, null); });
    box.hidden = !problem;
    box.textContent = problem || '';
    if (problem) return;
    running = true;
    $('run').disabled = true;
    $('results').hidden = true;
    $('progress-box').hidden = false;
    var job = jobId();
    setProgress('Sending the files ...', 0);
    // (The job is unknown, 404, until the files have arrived.)
    var timer = window.setInterval(function () {
      getJSON('/api/progress?job=' + job, function (p) {
        if (!p || !running) return;
        var what = (STAGES[p.stage] || p.stage) + (p.standard ? ' (' + p.standard.toUpperCase() + ')' : '');
        if (p.total) what += ': ' + p.done + ' of ' + p.total;
        setProgress(what + ' ...', p.total ? Math.round(100 * p.done / p.total) : null);
      });
    }, 500);
    post('/api/report', reportForm(job), function (err, j) {
      window.clearInterval(timer);
      running = false;
      $('run').disabled = false;
      $('progress-box').hidden = true;
      if (err) return failed(err);
      setProgress('The reports are ready.', 100);
      showResults(j);
    }, { onUpload: function (ev) {
      if (ev.lengthComputable && ev.loaded < ev.total) {
        setProgress('Sending the files: ' + Math.round(100 * ev.loaded / ev.total) + '% ...', Math.round(100 * ev.loaded / ev.total));
      } else {
        setProgress('Files sent; reading them ...', null);
      }
    } });
  }

  function failed(err) {
    setProgress('The reports were not made.', 0);
    var onCard = err.file && showCardError(err.file, err);
    var box = $('run-error');
    box.hidden = false;
    clear(box);
    if (!onCard) box.textContent = errorText(err);
    else box.appendChild(el('span', {}, ['A file has a problem: see ',
      el('a', { href: '#card-' + err.file, text: titleOf(err.file) }), ' above.']));
  }

  function titleOf(key) {
    for (var i = 0; i < INPUTS.length; i++) if (INPUTS[i].key === key) return INPUTS[i].title;
    return key;
  }

  // ---- results ----
  // summary.json holds, per standard, the board report's summary of findings
  // (its own sentences, from the server: the page words nothing itself) and
  // the metrics CSV's trust-wide rows: per metric and
  // measure, a row per group (a rate, or a survey score) and the comparison
  // (a row with a reference group): a relative likelihood when it carries
  // the non-adverse range flag, else a difference in percentage points (in
  // points of the score for a score). A figure withheld for publication, or
  // one that cannot be computed, is null.

  // The flags of a relative likelihood (the others are differences).
  var RL_FLAGS = ['adverse', 'below-range', 'non-adverse', 'not-calculable'];

  function isNum(v) { return typeof v === 'number' && isFinite(v); }

  // Metric 1 (the workforce by band) is in the report; the rest, in order,
  // one entry per metric and measure: { metric, measure, groups, cmp }.
  function headline(rows) {
    var out = [];
    var at = {};
    rows.forEach(function (r) {
      if (r.metric === '1' || r.workforce || r.band) return;
      var k = r.metric + '\u0000' + r.measure;
      if (!(k in at)) { at[k] = out.length; out.push({ metric: r.metric, measure: r.measure, groups: [], cmp: [] }); }
      (r.reference ? out[at[k]].cmp : out[at[k]].groups).push(r);
    });
    return out;
  }

  // A survey score (engagement) has a value above 1 and no interval; 9b is yes/no.
  function kindOf(h) {
    if (h.metric === '9b') return 'yesno';
    if (h.groups.some(function (g) { return isNum(g.value) && g.value > 1 && !isNum(g.low); })) return 'score';
    return 'rate';
  }

  function groupText(g, kind) {
    if (!isNum(g.value)) return 'not shown';
    if (kind === 'yesno') return g.value ? 'yes' : 'no';
    if (kind === 'score') return g.value.toFixed(1);
    return (100 * g.value).toFixed(1) + '%';
  }

  function signed(v, dp) { return (v > 0 ? '+' : v < 0 ? '\u2212' : '') + Math.abs(v).toFixed(dp); }

  // { fig, interval } for a comparison row: a relative likelihood, or a
  // difference in percentage points (points of the score for a score).
  function comparison(c, kind) {
    var ci = isNum(c.low) && isNum(c.high);
    if (!isNum(c.value)) return { fig: 'not shown', interval: '' };
    if (RL_FLAGS.indexOf((c.flag || '').split('+')[0]) >= 0) { // "adverse+small-numbers"
      return { fig: c.value.toFixed(2), interval: ci ? c.low.toFixed(2) + ' to ' + c.high.toFixed(2) : '' };
    }
    var k = kind === 'score' ? 1 : 100;
    return { fig: signed(k * c.value, 1), interval: ci ? signed(k * c.low, 1) + ' to ' + signed(k * c.high, 1) : '' };
  }

  function metricRow(h) {
    var kind = kindOf(h);
    var groups = el('ul', { class: 'groups' }, h.groups.map(function (g) {
      return el('li', { 'data-group': g.group }, [g.group + ': ', el('span', { class: 'gv', text: groupText(g, kind) })]);
    }));
    var figs = [];
    var ivs = [];
    var vs = [];
    h.cmp.forEach(function (c) {
      var x = comparison(c, kind);
      figs.push(el('span', { class: 'cv', 'data-group': c.group, 'data-reference': c.reference, text: x.fig }));
      ivs.push(el('span', { text: x.interval }));
      vs.push(el('span', { text: c.group + ' vs ' + c.reference }));
    });
    function lines(l) { return l.reduce(function (a, e, i) { if (i) a.push(el('br')); a.push(e); return a; }, []); }
    return el('tr', { 'data-metric': h.metric, 'data-measure': h.measure }, [
      el('th', { scope: 'row', 'data-label': 'Metric', text: h.metric }),
      el('td', { 'data-label': 'Measure', text: h.measure.charAt(0).toUpperCase() + h.measure.slice(1).replace(/_/g, ' ') }),
      el('td', { 'data-label': 'Groups' }, [groups]),
      el('td', { 'data-label': 'Compared' }, lines(vs)),
      el('td', { class: 'n fig', 'data-label': 'Comparison' }, lines(figs)),
      el('td', { class: 'n', 'data-label': '95% interval' }, lines(ivs)),
    ]);
  }

  function showResults(j) {
    $('download').setAttribute('href', j.download);
    $('download').hidden = false;
    $('downloaded').hidden = true;
    var box = $('standards');
    clear(box);
    var sum = j.summary || {};
    ['wres', 'wdes'].forEach(function (s) { if (sum[s]) box.appendChild(standardBlock(s, sum[s])); });
    $('results').hidden = false;
    $('h-results').focus();
  }

  // The board report's summary of findings, as the server gives it: headings,
  // items of a list and paragraphs, in order.
  function findingsBlock(s, list) {
    var box = el('div', { class: 'findings', id: 'findings-' + s }, [
      el('h4', { text: 'Summary of findings (as in the board report)' })]);
    var ul = null;
    list.forEach(function (x) {
      if (x.kind === 'item') {
        if (!ul) box.appendChild(ul = el('ul'));
        ul.appendChild(el('li', { text: x.text }));
        return;
      }
      ul = null;
      box.appendChild(el(x.kind === 'heading' ? 'h5' : 'p', { text: x.text }));
    });
    return box;
  }

  function standardBlock(s, r) {
    var sec = el('section', { class: 'standard', id: 'result-' + s, 'aria-labelledby': 'h-r-' + s }, [
      el('h3', { id: 'h-r-' + s, text: STANDARD_NAMES[s] + (r.year ? ', year ending 31 March ' + r.year : '') }),
    ]);
    if (r.findings && r.findings.length) sec.appendChild(findingsBlock(s, r.findings));
    if (r.data_quality) {
      sec.appendChild(el('details', { class: 'dq' }, [
        el('summary', { text: 'Data quality: the rows read, used and left out, and why' }),
        el('pre', { tabindex: '0', text: r.data_quality }),
      ]));
    }
    var tb = el('tbody', {}, headline(r.metrics || []).map(metricRow));
    sec.appendChild(el('table', { class: 'figs' }, [
      el('caption', { text: 'Trust-wide figures (the board report in the zip has them all, by breakdown, with charts and metric 1 by band)' }),
      el('thead', {}, [el('tr', {}, ['Metric', 'Measure', 'Groups', 'Compared', 'Comparison', '95% interval'].map(function (h) {
        return el('th', { scope: 'col', text: h });
      }))]),
      tb,
    ]));
    return sec;
  }

  // ---- start ----

  function start() {
    var meta = document.querySelector('meta[name="wq-token"]');
    token = meta ? meta.getAttribute('content') : '';
    $('no-token').hidden = !!token;
    var now = new Date();
    $('year').value = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
    buildCards();
    renderBy();
    $('file-config').addEventListener('change', function (ev) { openConfig(ev.target.files); ev.target.value = ''; });
    dropZone($('drop-config'), openConfig);
    $('suppress').addEventListener('input', suppressWarn);
    // Once marked, the name is checked again as it is corrected.
    $('trust').addEventListener('input', function () { if ($('trust').hasAttribute('aria-invalid')) trustProblem(); });
    $('run').addEventListener('click', run);
    // The server gives the zip once: after the click the link goes.
    $('download').addEventListener('click', function () {
      window.setTimeout(function () {
        $('download').hidden = true;
        $('downloaded').hidden = false;
        $('downloaded').setAttribute('tabindex', '-1');
        $('downloaded').focus();
      }, 0);
    });
    // A file dropped outside a box must not replace the page.
    document.addEventListener('dragover', function (ev) { ev.preventDefault(); });
    document.addEventListener('drop', function (ev) { ev.preventDefault(); });
  }

  start();
}());
