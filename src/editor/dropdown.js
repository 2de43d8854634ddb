// A suggestion list under a text input: updates as the user types, arrows move, Enter chooses, Escape
// closes (without closing the edit tray), the mouse hovers and clicks. Used by the operation picker and
// by the "add a parameter" fields.

/**
 * opts.source(text) -> { items: [{ html, value, ... }], footer?: html } (synchronous)
 * opts.onChoose(item) when an item is chosen; opts.onEnter(text) when Enter is pressed with none active
 * opts.className: extra class of the list; opts.minWidth
 */
S.Dropdown = function (input, opts) {
  var self = this;
  this.input = $(input);
  this.opts = opts;
  this.items = [];
  this.active = -1;
  this.list = $('<div class="stripe-dropdown" role="listbox"></div>')
    .addClass(opts.className || '')
    .hide()
    .appendTo(document.body);
  this.open = false;
  this.lastUpdateMs = 0;

  this.input.attr({ autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false' });

  this.input.on('input.stripe focus.stripe', function () {
    self.update();
  });
  this.input.on('click.stripe', function () {
    if (!self.open) self.update();
  });
  this.input.on('blur.stripe', function () {
    self.close();
  });
  this.input.on('keydown.stripe', function (e) {
    var key = e.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      if (!self.open) {
        self.update();
        return;
      }
      self.move(key === 'ArrowDown' ? 1 : -1);
    } else if (key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (self.open && self.active >= 0) {
        self.choose(self.active);
      } else {
        self.close();
        if (opts.onEnter) opts.onEnter(self.input.val());
      }
    } else if (key === 'Escape') {
      if (self.open) {
        e.preventDefault();
        e.stopPropagation();
        self.close();
      }
    } else if (key === 'Tab') {
      self.close();
    }
  });
  // mousedown, not click: the input keeps its focus and the blur does not close the list first.
  this.list.on('mousedown', '.stripe-dropdown-item', function (e) {
    e.preventDefault();
    self.choose(Number($(this).attr('data-index')));
  });
  this.list.on('mousedown', function (e) {
    e.preventDefault();
  });
  this.list.on('mousemove', '.stripe-dropdown-item', function () {
    var i = Number($(this).attr('data-index'));
    if (i !== self.active) self.setActive(i, false);
  });
  this._reposition = function () {
    if (self.open) self.position();
  };
};

S.Dropdown.prototype.update = function () {
  var t0 = window.performance ? performance.now() : Date.now();
  var result = this.opts.source(String(this.input.val() || '')) || { items: [] };
  this.items = result.items || [];
  var html = '';
  for (var i = 0; i < this.items.length; i++) {
    html += '<div class="stripe-dropdown-item" role="option" data-index="' + i + '">' + this.items[i].html + '</div>';
  }
  if (result.footer) html += '<div class="stripe-dropdown-footer">' + result.footer + '</div>';
  this.list[0].innerHTML = html;
  this.active = -1;
  if (this.items.length || result.footer) {
    if (this.opts.autoActivate !== false && this.items.length && String(this.input.val() || '').trim()) this.setActive(0, false);
    this.show();
  } else {
    this.close();
  }
  this.lastUpdateMs = (window.performance ? performance.now() : Date.now()) - t0;
};

S.Dropdown.prototype.show = function () {
  if (!this.open) {
    this.open = true;
    this.list.show();
    this.input.attr('aria-expanded', 'true');
    window.addEventListener('scroll', this._reposition, true);
    window.addEventListener('resize', this._reposition);
  }
  this.position();
};

S.Dropdown.prototype.position = function () {
  var r = this.input[0].getBoundingClientRect();
  if (!r.width && !r.height) {
    this.close();
    return;
  }
  var width = Math.max(r.width, this.opts.minWidth || 0);
  var left = Math.min(r.left, Math.max(0, window.innerWidth - width - 8));
  var below = window.innerHeight - r.bottom - 8;
  var maxHeight = Math.max(160, Math.min(360, below));
  this.list.css({ left: left + 'px', top: r.bottom + 2 + 'px', width: width + 'px', maxHeight: maxHeight + 'px' });
};

S.Dropdown.prototype.close = function () {
  if (!this.open) return;
  this.open = false;
  this.active = -1;
  this.list.hide();
  this.input.attr('aria-expanded', 'false');
  window.removeEventListener('scroll', this._reposition, true);
  window.removeEventListener('resize', this._reposition);
};

S.Dropdown.prototype.setActive = function (i, scroll) {
  var els = this.list.children('.stripe-dropdown-item');
  els.removeClass('active').attr('aria-selected', 'false');
  this.active = i;
  if (i < 0) return;
  var el = els.eq(i).addClass('active').attr('aria-selected', 'true');
  if (scroll !== false && el.length) {
    var top = el[0].offsetTop;
    var bottom = top + el[0].offsetHeight;
    var box = this.list[0];
    if (top < box.scrollTop) box.scrollTop = top;
    else if (bottom > box.scrollTop + box.clientHeight) box.scrollTop = bottom - box.clientHeight;
  }
};

S.Dropdown.prototype.move = function (delta) {
  if (!this.items.length) return;
  var i = this.active + delta;
  if (i < 0) i = this.items.length - 1;
  if (i >= this.items.length) i = 0;
  this.setActive(i, true);
};

S.Dropdown.prototype.choose = function (i) {
  var item = this.items[i];
  this.close();
  if (item && this.opts.onChoose) this.opts.onChoose(item);
};

S.Dropdown.prototype.destroy = function () {
  this.close();
  this.input.off('.stripe');
  this.list.remove();
};
