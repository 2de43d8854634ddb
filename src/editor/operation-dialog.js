// The edit dialog of stripe-subscriber and stripe-publisher: the operation picker, what the chosen
// operation needs (path parameters, query parameters, body fields) and the pagination settings.

var MAX_SHOWN = 50;
var current = null; // the dialog that is open (one edit tray at a time)

function methodBadge(method) {
  return '<span class="stripe-method stripe-method-' + S.esc(method).toLowerCase() + '">' + S.esc(method) + '</span>';
}

function operationItemHtml(op) {
  return (
    '<div class="stripe-item-head"><span class="stripe-item-id">' + S.esc(op.id) + '</span>' +
    (op.deprecated ? ' <span class="stripe-badge stripe-badge-deprecated">' + S.esc(S._('picker.deprecated')) + '</span>' : '') +
    (op.pagination ? ' <span class="stripe-badge">' + S.esc(S._('picker.' + op.pagination)) + '</span>' : '') +
    '</div>' +
    '<div class="stripe-item-path">' + methodBadge(op.method) + ' <code>' + S.esc(op.path) + '</code></div>' +
    (op.description ? '<div class="stripe-item-desc">' + S.esc(op.description) + '</div>' : '')
  );
}

/** The picker's suggestions for what is typed, of the given methods (also measured by the browser tests). */
S.operationSuggestions = function (text, methods) {
  if (!S.catalogue()) {
    var err = S.catalogueError();
    return { items: [], footer: S.esc(err ? S._('picker.loadFailed', { error: err }) : S._('picker.loading')) };
  }
  var results = S.search(text, { methods: methods });
  var items = [];
  var raw = S.rawOperation(text);
  if (raw && methods.indexOf(raw.method) >= 0 && !S.catalogue().operations.some(function (o) { return o.method === raw.method && o.path === raw.path; })) {
    items.push({ value: raw.id, op: raw, html: '<div class="stripe-item-head"><span class="stripe-item-id">' + S.esc(S._('picker.useRaw')) + '</span></div><div class="stripe-item-path">' + methodBadge(raw.method) + ' <code>' + S.esc(raw.path) + '</code></div>' });
  }
  for (var i = 0; i < results.length && i < MAX_SHOWN; i++) {
    items.push({ value: results[i].op.id, op: results[i].op, html: operationItemHtml(results[i].op) });
  }
  var footer = '';
  if (results.length > MAX_SHOWN) footer = S.esc(S._('picker.more', { count: results.length - MAX_SHOWN, total: results.length }));
  else if (!items.length) footer = S.esc(S._('picker.none'));
  return { items: items, footer: footer };
};

// ---------------------------------------------------------------------------------------------------
// Parameter sections: rows of name = mustache template

function baseName(name) {
  var i = name.indexOf('[');
  return i < 0 ? name : name.slice(0, i);
}

function hintFor(name) {
  var parts = name.replace(/\]/g, '').split('[').filter(function (p) { return p && !/^\d*$/.test(p); });
  return '{{payload.' + (parts[parts.length - 1] || name) + '}}';
}

function Section(dlg, kind, $container) {
  this.dlg = dlg;
  this.kind = kind; // path | query | payload
  this.$el = $('<div class="stripe-section"></div>').attr('data-kind', kind).appendTo($container);
  this.rows = [];
  this.known = [];
  this.dropdown = null;
}

Section.prototype.build = function (op, values, keepUnknown) {
  var self = this;
  this.destroy();
  this.$el.empty();
  this.rows = [];
  this.op = op;
  var kind = this.kind;
  var known = !op ? [] : kind === 'path' ? op.pathParams : kind === 'query' ? op.queryParams : op.bodyFields;
  this.known = known;
  var byName = {};
  known.forEach(function (p) { byName[p.name] = p; });
  values = values || {};
  var fixedPath = kind === 'path' && op; // a known operation's path names are all there is

  var visible = true;
  if (kind === 'path' && op && !known.length) visible = false;
  if (kind === 'payload' && op && op.method !== 'POST' && !known.length && !Object.keys(values).length) visible = false;
  if (kind === 'query' && op && this.dlg.role === 'publisher' && !known.length && !Object.keys(values).length) visible = 'collapsed';
  this.$el.toggle(visible !== false);
  if (visible === false) return;

  var title = $('<div class="stripe-section-title"></div>').appendTo(this.$el);
  title.append($('<span></span>').text(S._('section.' + kind)));
  title.append($('<span class="stripe-section-source"></span>').text(S._('section.' + kind + 'Source')));
  this.$rows = $('<div class="stripe-rows"></div>').appendTo(this.$el);

  // Required rows first (path parameters are always required), then the saved values.
  known.forEach(function (p) {
    if (p.required || fixedPath) self.addRow(p.name, values[p.name], p, true);
  });
  Object.keys(values).forEach(function (name) {
    if (self.find(name)) return;
    var p = byName[name];
    if (fixedPath) return; // not a parameter of this path
    if (!p && op && !op.raw && !keepUnknown && !byName[baseName(name)]) return;
    self.addRow(name, values[name], p || null, false);
  });

  if (!fixedPath) this.buildAdd(visible === 'collapsed');
  this.validate();
};

Section.prototype.find = function (name) {
  for (var i = 0; i < this.rows.length; i++) if (this.rows[i].name() === name) return this.rows[i];
  return null;
};

Section.prototype.addRow = function (name, value, param, fixed) {
  var self = this;
  var required = !!(param && param.required) || (this.kind === 'path' && fixed);
  var $row = $('<div class="stripe-row"></div>').attr('data-name', name || '').appendTo(this.$rows);
  if (required) $row.addClass('stripe-required');
  var $main = $('<div class="stripe-row-main"></div>').appendTo($row);
  var $name;
  if (param || fixed) {
    $name = $('<span class="stripe-row-name"></span>').text(name).attr('title', param && param.description ? param.description : name);
    if (required) $name.append($('<span class="stripe-req" aria-hidden="true">*</span>'));
    $name.appendTo($main);
  } else {
    $name = $('<input type="text" class="stripe-row-name-input">')
      .attr('placeholder', S._('row.namePlaceholder'))
      .val(name || '')
      .appendTo($main);
    $name.on('input', function () {
      $row.attr('data-name', $name.val().trim());
      self.validate();
    });
  }
  var $value = $('<input type="text" class="stripe-row-value">')
    .attr('placeholder', this.kind === 'path' ? S._('row.pathPlaceholder', { hint: hintFor(name || 'id') }) : hintFor(name || 'value'))
    .val(value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value))
    .appendTo($main);
  $value.on('input', function () { self.validate(); });
  if (!required) {
    $('<button type="button" class="red-ui-button red-ui-button-small stripe-row-remove"><i class="fa fa-times"></i></button>')
      .attr('title', S._('row.remove'))
      .appendTo($main)
      .on('click', function (e) {
        e.preventDefault();
        var stash = self.dlg.stash[self.kind];
        if (stash) delete stash[row.name()];
        self.rows = self.rows.filter(function (r) { return r.$row !== $row; });
        $row.remove();
        self.validate();
      });
  }
  var desc = param && param.description ? param.description : '';
  if (required) desc = S._('row.required') + (desc ? ' · ' + desc : '');
  if (desc) $('<div class="stripe-row-desc"></div>').text(desc).attr('title', desc).appendTo($row);
  var row = {
    $row: $row,
    $name: $name,
    $value: $value,
    required: required,
    name: function () { return $name.is('input') ? String($name.val()).trim() : name; },
    value: function () { return String($value.val()); },
  };
  this.rows.push(row);
  return row;
};

Section.prototype.buildAdd = function (collapsed) {
  var self = this;
  var $add = $('<div class="stripe-add"></div>').appendTo(this.$el);
  var $input = $('<input type="text" class="stripe-add-input">')
    .attr('placeholder', S._('add.' + this.kind + (this.known.length ? '' : 'Free')))
    .appendTo($add);
  var $button = $('<button type="button" class="red-ui-button stripe-add-button"><i class="fa fa-plus"></i> </button>')
    .append($('<span></span>').text(S._('add.button')))
    .appendTo($add);
  $input.on('input', function () {
    $input.removeClass('input-error').attr('title', null);
  });
  if (collapsed) {
    // An operation without query parameters: a link instead of a whole section, in case one is needed.
    var section = this.$el.addClass('stripe-section-collapsed');
    section.children().hide();
    $('<a href="#" class="stripe-expand"></a>')
      .text(S._('add.expand' + this.kind.charAt(0).toUpperCase() + this.kind.slice(1)))
      .prepend('<i class="fa fa-plus-square-o"></i> ')
      .appendTo(section)
      .on('click', function (e) {
        e.preventDefault();
        $(this).remove();
        section.removeClass('stripe-section-collapsed').children().show();
        $input.trigger('focus');
      });
  }

  function addNamed(name, param) {
    name = String(name || '').trim();
    if (!name) {
      var r = self.addRow('', '', null, false);
      r.$name.trigger('focus');
      self.validate();
      return;
    }
    if (!S.NAME.test(name)) {
      $input.addClass('input-error').attr('title', S._('errors.badName', { name: name }));
      return;
    }
    $input.removeClass('input-error').attr('title', null).val('');
    var existing = self.find(name);
    var row = existing || self.addRow(name, '', param || null, false);
    self.validate();
    row.$value.trigger('focus');
  }

  this.dropdown = new S.Dropdown($input, {
    minWidth: 420,
    source: function (text) {
      var words = S.queryWords(text);
      var list = [];
      self.known.forEach(function (p) {
        if (self.find(p.name)) return;
        var name = p.name.toLowerCase();
        var desc = (p.description || '').toLowerCase();
        var score = 0;
        for (var i = 0; i < words.length; i++) {
          if (name.indexOf(words[i]) >= 0) score += name.indexOf(words[i]) === 0 ? 3 : 2;
          else if (desc.indexOf(words[i]) >= 0) score += 1;
          else return;
        }
        list.push({ p: p, score: score });
      });
      list.sort(function (a, b) { return b.score - a.score || (a.p.name < b.p.name ? -1 : 1); });
      var items = list.map(function (x) {
        return {
          value: x.p.name,
          param: x.p,
          html: '<div class="stripe-item-head"><span class="stripe-item-id">' + S.esc(x.p.name) + '</span>' +
            (x.p.required ? ' <span class="stripe-badge stripe-badge-required">' + S.esc(S._('row.requiredShort')) + '</span>' : '') + '</div>' +
            (x.p.description ? '<div class="stripe-item-desc">' + S.esc(x.p.description) + '</div>' : ''),
        };
      });
      var typed = String(text || '').trim();
      if (typed && S.NAME.test(typed) && !self.known.some(function (p) { return p.name === typed; })) {
        items.unshift({ value: typed, free: true, html: '<div class="stripe-item-head"><span class="stripe-item-id">' + S.esc(S._('add.free', { name: typed })) + '</span></div>' });
      }
      return { items: items, footer: items.length ? '' : typed ? S.esc(S._('errors.badName', { name: typed })) : '' };
    },
    onChoose: function (item) { addNamed(item.value, item.param); },
    onEnter: function (text) { if (String(text).trim()) addNamed(text); },
  });
  $button.on('click', function (e) {
    e.preventDefault();
    addNamed($input.val());
  });
};

/** Marks empty required values and bad or repeated names; returns true when all is well. */
Section.prototype.validate = function () {
  var ok = true;
  var seen = {};
  this.rows.forEach(function (r) {
    var name = r.name();
    var badName = r.$name.is('input') && (!name ? r.value() !== '' : !S.NAME.test(name) || seen[name]);
    if (name) seen[name] = true;
    r.$name.toggleClass('input-error', !!badName);
    var missing = r.required && !S.hasValue(r.value());
    r.$value.toggleClass('input-error', missing);
    if (badName || missing) ok = false;
  });
  return ok;
};

/** The rows as the node stores them: { name: template }, rows without a name or a value left out. */
Section.prototype.collect = function () {
  var out = {};
  this.rows.forEach(function (r) {
    var name = r.name();
    var value = r.value();
    if (name && value !== '') out[name] = value;
  });
  return out;
};

Section.prototype.destroy = function () {
  if (this.dropdown) this.dropdown.destroy();
  this.dropdown = null;
};

// ---------------------------------------------------------------------------------------------------
// The dialog

function OperationDialog(node, role) {
  this.node = node;
  this.role = role;
  this.$op = $('#node-input-operationId');
  this.$form = this.$op.closest('form');
  if (!this.$form.length) this.$form = $('#dialog-form');
  this.$details = this.$form.find('.stripe-op-details').empty();
  this.$hint = $('<div class="form-tips stripe-op-hint"></div>').appendTo(this.$details);
  this.$info = $('<div class="stripe-op-info"></div>').appendTo(this.$details);
  this.sections = {
    path: new Section(this, 'path', this.$details),
    query: new Section(this, 'query', this.$details),
  };
  if (role === 'publisher') this.sections.payload = new Section(this, 'payload', this.$details);
  this.$note = $('<div class="form-tips stripe-values-note"></div>').appendTo(this.$details);
  this.$note.text(S._('section.valuesNote'));
  this.$pagination = this.$form.find('.stripe-pagination');
  this.opRef = null;
  this.confirmedRef = String(node.operationId || '').trim(); // a saved mismatch is marked, not changed
  this.stash = {};
}

OperationDialog.prototype.method = function () {
  return this.role === 'subscriber' ? 'GET' : $('#node-input-method').val() === 'DELETE' ? 'DELETE' : 'POST';
};

/** The methods the picker offers: GET for the subscriber, POST and DELETE for the publisher. */
OperationDialog.prototype.methods = function () {
  return S.pickerMethods(this.role);
};

/** The publisher's method follows a POST or DELETE operation: the method select is set to its method. */
OperationDialog.prototype.followOperation = function (op) {
  if (this.role !== 'publisher' || !op || (op.method !== 'POST' && op.method !== 'DELETE')) return;
  var $method = $('#node-input-method');
  if ($method.val() !== op.method) $method.val(op.method).trigger('change');
};

/**
 * The operation in the field is confirmed (chosen, Enter, change, blur, Done). One that differs from
 * the last confirmed sets the method; a method changed by hand afterwards stays the user's (and is
 * marked when it does not fit). Until the catalogue is here an operationId cannot be judged: later.
 */
OperationDialog.prototype.confirm = function () {
  var ref = String(this.$op.val() || '').trim();
  if (ref === this.confirmedRef) return;
  var op = S.findOperation(ref);
  if (op === undefined) return;
  this.confirmedRef = ref;
  this.followOperation(op);
};

OperationDialog.prototype.values = function (kind, fromNode) {
  if (!fromNode && this.opRef !== null) {
    // What was typed for an earlier operation comes back when a later one knows the name.
    var now = this.sections[kind] ? this.sections[kind].collect() : {};
    var stash = (this.stash[kind] = $.extend(this.stash[kind] || {}, now));
    return $.extend({}, stash, now);
  }
  var v = this.node[kind];
  return v && typeof v === 'object' && !Array.isArray(v) ? $.extend(true, {}, v) : {};
};

OperationDialog.prototype.refresh = function (initial) {
  var self = this;
  var ref = String(this.$op.val() || '').trim();
  if (!initial && ref === this.opRef && this.lastMethod === this.method() && this.hadCatalogue === !!S.catalogue()) return;
  var values = {};
  Object.keys(this.sections).forEach(function (k) { values[k] = self.values(k, initial); });
  this.opRef = ref;
  this.lastMethod = this.method();
  this.hadCatalogue = !!S.catalogue();
  var op = S.findOperation(ref); // op, null (unknown) or undefined (catalogue not here yet)

  this.$hint.text(ref ? '' : S._('operation.fromMsg')).toggle(!ref);
  this.$info.empty().removeClass('stripe-op-error');
  if (op) {
    var head = $('<div class="stripe-op-head"></div>').appendTo(this.$info);
    head.html(methodBadge(op.method) + ' <code class="stripe-op-path">' + S.esc(op.path) + '</code>');
    if (op.deprecated) head.append(' <span class="stripe-badge stripe-badge-deprecated">' + S.esc(S._('picker.deprecated')) + '</span>');
    if (op.pagination) head.append(' <span class="stripe-badge">' + S.esc(S._('picker.' + op.pagination)) + '</span>');
    if (op.description) $('<div class="stripe-op-desc"></div>').text(op.description).appendTo(this.$info);
    if (op.raw) $('<div class="stripe-op-desc"></div>').text(S._('operation.raw', { version: (S.catalogue() || {}).apiVersion || '' })).appendTo(this.$info);
    var link = $('<a target="_blank" rel="noopener noreferrer" class="stripe-op-ref"></a>').attr('href', S.referenceUrl(op));
    link.append('<i class="fa fa-external-link"></i> ').append($('<span></span>').text(S._('operation.reference')));
    $('<div></div>').append(link).appendTo(this.$info);
  } else if (op === undefined && ref) {
    this.$info.text(S.catalogueError() ? S._('picker.loadFailed', { error: S.catalogueError() }) : S._('picker.loading'));
  }
  var check = S.checkOperation(this.role, ref, this.method());
  if (check !== true) {
    this.$info.addClass('stripe-op-error');
    $('<div class="stripe-op-problem"><i class="fa fa-exclamation-triangle"></i> </div>').append($('<span></span>').text(check)).prependTo(this.$info);
  }
  this.$op.toggleClass('input-error', check !== true);

  var known = op || null;
  Object.keys(this.sections).forEach(function (k) {
    self.sections[k].build(known, values[k], initial);
  });

  // Pagination only for operations that paginate; unknown ones (msg.operationId, raw) may.
  if (this.$pagination.length) {
    var paginates = !op || !!op.pagination || (op.raw && op.method === 'GET');
    this.$pagination.toggle(paginates);
    this.$pagination.find('.stripe-pagination-kind').text(op && op.pagination ? S._('pagination.kind.' + op.pagination) : S._('pagination.kind.unknown'));
  }
};

OperationDialog.prototype.updatePaginationOptions = function () {
  this.$form.find('.stripe-pagination-options').toggle($('#node-input-pagination').is(':checked'));
};

OperationDialog.prototype.start = function () {
  var self = this;
  this.picker = new S.Dropdown(this.$op, {
    className: 'stripe-picker',
    minWidth: 480,
    source: function (text) { return S.operationSuggestions(text, self.methods()); },
    onChoose: function (item) {
      self.$op.val(item.value);
      self.confirmedRef = String(item.value).trim();
      self.followOperation(item.op); // chosen again after a change by hand, too
      self.refresh();
      self.$op.trigger('change');
    },
    onEnter: function () {
      self.confirm();
      self.refresh();
    },
  });
  this.$op.attr('placeholder', S._('operation.placeholder'));
  this.$op.on('change.stripe blur.stripe', function () {
    self.confirm();
    self.refresh();
  });
  $('#node-input-method').on('change.stripe', function () {
    self.refresh();
  });
  $('#node-input-pagination').on('change.stripe', function () { self.updatePaginationOptions(); });
  this.refresh(true);
  this.updatePaginationOptions();
  S.loadCatalogue().then(
    function () {
      if (current !== self) return;
      if (document.activeElement !== self.$op[0]) self.confirm(); // typed or pasted while it loaded
      self.refresh();
    },
    function () {
      if (current === self) self.refresh();
    }
  );
};

OperationDialog.prototype.save = function () {
  var self = this;
  this.confirm(); // Done without leaving the field: the method still follows a new operation
  var ref = String(this.$op.val() || '').trim();
  var op = S.findOperation(ref);
  if (op && !op.raw && op.id !== ref) ref = op.id; // the operationId as Stripe spells it
  this.$op.val(ref);
  // A catalogued operation that does not paginate saves pagination off, even if the (hidden) box was
  // ticked for an earlier one. Node-RED reads the inputs after oneditsave, so untick the box itself.
  // Empty, msg.operationId and raw references keep the user's choice: they may paginate.
  if (this.$pagination.length && op && !op.raw && !op.pagination) {
    $('#node-input-pagination').prop('checked', false);
  }
  Object.keys(this.sections).forEach(function (k) {
    self.node[k] = self.sections[k].collect();
  });
  this.destroy();
};

OperationDialog.prototype.destroy = function () {
  var self = this;
  if (this.picker) this.picker.destroy();
  this.picker = null;
  Object.keys(this.sections).forEach(function (k) { self.sections[k].destroy(); });
  $('#node-input-method').off('.stripe');
  $('#node-input-pagination').off('.stripe');
  if (current === this) current = null;
};

S.prepareOperationDialog = function (node, role) {
  if (current) current.destroy();
  current = new OperationDialog(node, role);
  current.start();
  return current;
};

S.saveOperationDialog = function (node) {
  if (current && current.node === node) current.save();
};

S.cancelOperationDialog = function (node) {
  if (current && current.node === node) current.destroy();
};

/** The open dialog (for tests). */
S.currentDialog = function () {
  return current;
};

/** The node definition both operation nodes share; the html files add what differs. */
S.operationDefaults = function (role) {
  var d = {
    name: { value: '' },
    client: { value: '', type: 'stripe-client', required: true },
    operationId: {
      value: '',
      validate: function (v, opt) {
        // While the dialog is open its method select counts, not the saved method.
        var method = current && current.node === this ? current.method() : this.method;
        return S.checkOperation(role, v, method);
      },
    },
    path: {
      value: {},
      validate: function (v, opt) {
        var ok = S.checkOperation(role, this.operationId, this.method);
        return ok === true ? S.checkPath(this.operationId, v) : true;
      },
    },
    query: { value: {} },
  };
  return d;
};
