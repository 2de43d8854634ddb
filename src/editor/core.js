// Shared core of the editor: strings, the catalogue (fetched once per editor session), the word search
// and the validation the dialogs and the canvas use. Runs in the browser; `S` is window.NRStripeEditor.

var NS = 'node-red-contrib-stripe/stripe-client:editor.';

/** A string of the message catalog (locales/<lang>/stripe-client.json, under "editor"). */
S._ = function (key, subs) {
  return RED._(NS + key, subs);
};

S.esc = function (text) {
  return String(text == null ? '' : text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
};

// ---------------------------------------------------------------------------------------------------
// The catalogue

var state = { promise: null, data: null, byId: null, byLower: null, index: null, error: null };

S.loadCatalogue = function () {
  if (!state.promise) {
    state.promise = new Promise(function (resolve, reject) {
      $.ajax({ url: 'stripe/catalogue', dataType: 'json', cache: true })
        .done(function (data) {
          S.setCatalogue(data);
          resolve(state);
          S.revalidateNodes();
        })
        .fail(function (xhr) {
          state.promise = null;
          state.error = (xhr && xhr.status ? 'HTTP ' + xhr.status : 'network error');
          reject(new Error(state.error));
        });
    });
  }
  return state.promise;
};

/** Indexes a catalogue for lookups and the search (also used by tests with a catalogue of their own). */
S.setCatalogue = function (data) {
  var byId = Object.create(null);
  var byLower = Object.create(null);
  var index = [];
  (data.operations || []).forEach(function (op) {
    op.pathParams = op.pathParams || [];
    op.queryParams = op.queryParams || [];
    op.bodyFields = op.bodyFields || [];
    op.description = op.description || '';
    byId[op.id] = op;
    byLower[op.id.toLowerCase()] = op;
    index.push(S.indexEntry(op));
  });
  state.data = data;
  state.byId = byId;
  state.byLower = byLower;
  state.index = index;
  state.error = null;
};

S.catalogue = function () {
  return state.data;
};

S.catalogueError = function () {
  return state.error;
};

var RAW = /^(GET|POST|DELETE)\s+(\/v[12]\/[^\s?#]*)$/i;

/** A raw `METHOD /v1/path/{param}` reference described as an operation, or null. */
S.rawOperation = function (ref) {
  var m = RAW.exec(String(ref || '').trim());
  if (!m) return null;
  var path = m[2];
  var params = [];
  path.replace(/\{([^{}\/]+)\}/g, function (_, name) {
    params.push({ name: name, required: true });
  });
  return {
    id: m[1].toUpperCase() + ' ' + path,
    method: m[1].toUpperCase(),
    path: path,
    description: '',
    pathParams: params,
    queryParams: [],
    bodyFields: [],
    raw: true,
  };
};

/**
 * Looks an operation up as the runtime does: operationId (exact, then any case) or raw `METHOD /path`.
 * Returns the operation, null when it is not one, or undefined while the catalogue is not loaded.
 */
S.findOperation = function (ref) {
  var key = String(ref || '').trim();
  if (!key) return null;
  var raw = S.rawOperation(key);
  if (!state.byId) return raw || undefined;
  return state.byId[key] || raw || state.byLower[key.toLowerCase()] || null;
};

// ---------------------------------------------------------------------------------------------------
// The word search

function camelWords(id) {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

S.indexEntry = function (op) {
  var id = op.id.toLowerCase();
  var path = op.path.toLowerCase();
  return {
    op: op,
    id: id,
    path: path,
    // Space-delimited words, so a word can be matched whole (" id ") or as a prefix (" id").
    idWords: ' ' + camelWords(op.id) + ' ',
    // The id's words after its method word (GetTaxIdsId -> tax, ids, id), to prefer ids with nothing extra.
    parts: camelWords(op.id).split(' ').slice(1),
    pathWords: ' ' + path.replace(/[\/{}_\-.]+/g, ' ').trim() + ' ',
    desc: op.description.toLowerCase(),
    method: op.method,
    one: /\}$/.test(op.path), // acts on one object: the path ends in a parameter
  };
};

// Words that say what an operation does: its method, and whether it acts on one object (a path that
// ends in a parameter), on the collection, or lists.
var ONE = 'one';
var MANY = 'many';
var VERBS = {
  get: ['GET'], retrieve: ['GET', ONE], read: ['GET'], fetch: ['GET'], find: ['GET'], show: ['GET'],
  list: ['GET', MANY], search: ['GET', MANY], all: ['GET', MANY],
  post: ['POST'], create: ['POST', MANY], add: ['POST', MANY], new: ['POST', MANY], make: ['POST', MANY],
  update: ['POST', ONE], change: ['POST', ONE], modify: ['POST', ONE], edit: ['POST', ONE],
  cancel: ['POST DELETE'], confirm: ['POST'], capture: ['POST'], pay: ['POST'], send: ['POST'], finalize: ['POST'], void: ['POST'],
  delete: ['DELETE', ONE], remove: ['DELETE', ONE],
};
var STOP = { a: 1, an: 1, the: 1, of: 1, for: 1, to: 1, by: 1, on: 1, in: 1, and: 1, with: 1, i: 1, want: 1, my: 1, from: 1 };

/** The query's words, lower case, without filler words ("refund a charge" -> refund, charge). */
S.queryWords = function (query) {
  var words = String(query || '').toLowerCase().split(/\s+/).filter(function (w) {
    return w && !STOP[w];
  });
  return words;
};

function wordScore(e, w) {
  var inId = e.id.indexOf(w) >= 0;
  var inPath = e.path.indexOf(w) >= 0;
  if (inId || inPath) {
    var s = 10;
    if (e.idWords.indexOf(' ' + w + ' ') >= 0 || e.pathWords.indexOf(' ' + w + ' ') >= 0) s += 5.5; // the word itself
    else if (e.idWords.indexOf(' ' + w + 's ') >= 0 || e.pathWords.indexOf(' ' + w + 's ') >= 0) s += 5; // its plural
    else if (e.idWords.indexOf(' ' + w) >= 0 || e.pathWords.indexOf(' ' + w) >= 0) s += 2; // a word's start
    return { score: s, strong: true };
  }
  var verb = Object.prototype.hasOwnProperty.call(VERBS, w) ? VERBS[w] : null;
  if (verb && verb[0].indexOf(e.method) >= 0) {
    var v = 6;
    if (verb[1] === ONE && e.one) v += 3;
    if (verb[1] === MANY && (e.op.pagination || (!e.one && e.method !== 'GET'))) v += 3;
    if (e.desc.indexOf(w) >= 0) v += 2;
    return { score: v, strong: true };
  }
  var at = e.desc.indexOf(w);
  if (at >= 0) return { score: at === 0 || e.desc.charAt(at - 1) === ' ' ? 2 : 1, strong: false };
  return null;
}

/**
 * The one method the query's verbs ask for ("delete customer" -> DELETE, "create price" -> POST), or
 * null when they name none, or several ("cancel" is POST or DELETE; "create ... delete" both).
 */
S.verbMethod = function (words) {
  var found = null;
  for (var i = 0; i < words.length; i++) {
    var verb = Object.prototype.hasOwnProperty.call(VERBS, words[i]) ? VERBS[words[i]] : null;
    if (!verb || verb[0].indexOf(' ') >= 0) continue;
    if (found && found !== verb[0]) return null;
    found = verb[0];
  }
  return found;
};

/**
 * Finds operations whose id, path or description contain every word, best first: an operationId or
 * path holding all the words beats a description match; then, when the words' verbs ask for one
 * method ("delete", "remove"), that method's operations; then whole-word matches; then shorter ids.
 * opts.methods: allowed methods (array) or null for all. Returns [{op, score, strong}].
 */
S.search = function (query, opts) {
  var index = state.index || [];
  var methods = opts && opts.methods;
  var words = S.queryWords(query);
  var prefer = S.verbMethod(words);
  var out = [];
  for (var i = 0; i < index.length; i++) {
    var e = index[i];
    if (methods && methods.indexOf(e.method) < 0) continue;
    var score = 0;
    var strong = true;
    var ok = true;
    for (var j = 0; j < words.length; j++) {
      var r = wordScore(e, words[j]);
      if (!r) {
        ok = false;
        break;
      }
      score += r.score;
      if (!r.strong) strong = false;
    }
    if (!ok) continue;
    if (strong && words.length) {
      score += 100;
      // Fewer words in the id that the query did not ask for: PostCustomers before PostCustomerSessions.
      for (var k = 0; k < e.parts.length; k++) {
        var hit = false;
        for (var m = 0; m < words.length && !hit; m++) hit = e.parts[k].indexOf(words[m]) >= 0;
        if (!hit) score -= 1;
      }
    }
    if (e.op.deprecated) score -= 3;
    out.push({ op: e.op, score: score, strong: strong && words.length > 0 });
  }
  out.sort(function (a, b) {
    if (prefer) {
      // Among the matches of the id or path, the asked-for method first (DeleteCustomersCustomer for
      // "delete customer" in a publisher that offers POST too); description matches stay below.
      var tier = (b.strong ? 1 : 0) - (a.strong ? 1 : 0) || (b.op.method === prefer ? 1 : 0) - (a.op.method === prefer ? 1 : 0);
      if (tier) return tier;
    }
    return b.score - a.score || a.op.id.length - b.op.id.length || (a.op.id < b.op.id ? -1 : 1);
  });
  return out;
};

// ---------------------------------------------------------------------------------------------------
// Validation (the canvas marks and the dialog's messages)

/** The method a node of this role may run (what the runtime checks): GET, or the publisher's method setting. */
S.methodsFor = function (role, method) {
  return role === 'subscriber' ? ['GET'] : [method === 'DELETE' ? 'DELETE' : 'POST'];
};

/**
 * The methods a role's picker offers: the subscriber GET; the publisher POST and DELETE whatever its
 * method setting says (choosing an operation sets the method to the operation's).
 */
S.pickerMethods = function (role) {
  return role === 'subscriber' ? ['GET'] : ['POST', 'DELETE'];
};

/** true, or the reason the operation cannot be used by this node (a string). Empty means msg.operationId. */
S.checkOperation = function (role, ref, method) {
  var key = String(ref || '').trim();
  if (!key) return true;
  var op = S.findOperation(key);
  if (op === undefined) {
    S.loadCatalogue().catch(function () {});
    return true; // not known yet: judged again once the catalogue has arrived
  }
  if (!op) return S._('errors.unknownOperation', { op: key });
  var allowed = S.methodsFor(role, method);
  if (allowed.indexOf(op.method) < 0) {
    return role === 'subscriber'
      ? S._('errors.notGet', { op: op.id, method: op.method })
      : S._('errors.wrongMethod', { op: op.id, method: op.method, nodeMethod: allowed[0] });
  }
  return true;
};

/** A value that gives a path parameter something: literal text or a template (msg may fill it). */
S.hasValue = function (v) {
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;
};

/**
 * true, or which required path parameters have no value. A row left empty has nothing to send and
 * nothing from the message: to take a value from the message say so with a template such as
 * {{path.id}} or {{payload.id}}. With no operation (msg.operationId) nothing can be checked.
 */
S.checkPath = function (ref, values) {
  var op = S.findOperation(ref);
  if (!op) {
    if (op === undefined && String(ref || '').trim()) S.loadCatalogue().catch(function () {});
    return true;
  }
  values = values && typeof values === 'object' ? values : {};
  var missing = op.pathParams
    .filter(function (p) {
      return p.required && !S.hasValue(values[p.name]);
    })
    .map(function (p) {
      return p.name;
    });
  return missing.length ? S._('errors.missingPath', { names: missing.join(', ') }) : true;
};

/** Names like `email`, `metadata[order]`, `items[0][price]`, `expand[]`. */
S.NAME = /^[A-Za-z0-9_.\-]+(\[[^\[\]]*\])*$/;

/** Marks every stripe node on the canvas again (after the catalogue arrived). */
S.revalidateNodes = function () {
  if (!RED.nodes || !RED.editor || !RED.editor.validateNode) return;
  var changed = false;
  RED.nodes.eachNode(function (n) {
    if (n.type === 'stripe-subscriber' || n.type === 'stripe-publisher') {
      var was = n.valid;
      RED.editor.validateNode(n);
      if (was !== n.valid) {
        n.dirty = true;
        changed = true;
      }
    }
  });
  if (changed && RED.view && RED.view.redraw) RED.view.redraw(true);
};

/** Stripe's API reference for an operation's resource (https://docs.stripe.com/api/<resource>). */
S.referenceUrl = function (op) {
  var base = 'https://docs.stripe.com/api';
  if (!op || !op.path) return base;
  var m = /^\/v[12]\/([a-z_]+)/.exec(op.path);
  return m ? base + '/' + m[1] : base;
};

/** A node's label on the canvas: its name, else its operation, else the palette label. */
S.label = function (node, paletteLabel) {
  return node.name || (node.operationId ? String(node.operationId).trim() : '') || paletteLabel;
};
