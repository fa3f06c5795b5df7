/*
 * « Avant de nous contacter » : turns a generated tree article into a guided
 * flow, one step at a time, that ends on the right channel with a request
 * ready to send.
 *
 * - The article stays complete without JavaScript; this only enhances it.
 * - State lives in the URL hash, one entry per flow on the page, named by
 *   its tree: "#retrait-en-attente=0.2.1" is the answers taken from the
 *   start (index of the answer; checklists: 0 = solved, 1 = still stuck);
 *   two flows: "#avant-de-nous-contacter=1&retrait-en-attente=0.2". Old
 *   links "#p=0.2.1" name the page's first flow. A plain "#node-id" (no-JS
 *   links, shared anchors) shows that node in the flow that holds it.
 * - Everything shown is built with DOM text (textContent), never by parsing
 *   HTML from the tree or from what the player types.
 * - Nothing the player types leaves the browser but through their own click
 *   on copy, e-mail, form or download. sessionStorage keeps each flow's
 *   current state under its own key ("kb-flow:" + tree), and « Recommencer »
 *   clears it.
 */
(function () {
  "use strict";

  var STORE = "kb-flow:";  // + the tree id: each flow its own state
  var TZ = "Europe/Paris";
  var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  var DAY_NAMES = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];
  var NB = "\u00a0";
  var MAX_HASH = 2000;  // longer: not one of ours, show the start
  var MAX_STEPS = 500;

  /* ------------------------------------------ input from the URL, storage */

  /* The URL hash, sessionStorage and content ids are indexes from outside:
     only an object's own properties count ("constructor", "__proto__"...). */
  function own(obj, key) {
    return obj !== null && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  /* A map with no prototype, filled with the own properties of `from` objects. */
  function dict() {
    var out = Object.create(null);
    for (var i = 0; i < arguments.length; i++) {
      var o = arguments[i];
      if (o && typeof o === "object") Object.keys(o).forEach(function (k) { out[k] = o[k]; });
    }
    return out;
  }

  function decode(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  var STATE_KEY = /^(p|[a-z0-9]+(-[a-z0-9]+)*)$/;  // "p": the old single-flow links
  var STATE_PATH = /^(\d{1,4}(\.\d{1,4}){0,500})?$/;

  /* The hash as the flows read it: answer paths by tree ("tree=0.2.1",
     joined by "&"; anything else in it is ignored), or a plain anchor. */
  function readHash() {
    var raw = location.hash.slice(1);
    var hash = raw.length > MAX_HASH ? "" : decode(raw), paths = dict();
    if (hash.indexOf("=") < 0) return { paths: paths, anchor: hash };
    hash.split("&").forEach(function (part) {
      var cut = part.indexOf("="), key = part.slice(0, cut), value = part.slice(cut + 1);
      if (STATE_KEY.test(key) && STATE_PATH.test(value) && !(key in paths)) {
        paths[key] = value ? value.split(".").slice(0, MAX_STEPS).map(Number) : [];
      }
    });
    return { paths: paths, anchor: null };
  }

  /* The hash for every flow of the page, `changed` at its new path: the
     flows away from their start, and `changed` always (Retour to the start). */
  function writeHash(changed, path) {
    var parts = [];
    flows.forEach(function (f) {
      var p = f === changed ? path : f.path;
      if (p && (f === changed || p.length)) parts.push(f.data.id + "=" + p.join("."));
    });
    return parts.join("&");
  }

  /* ---------------------------------------------------------------- DOM */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "on") Object.keys(value).forEach(function (e) { node.addEventListener(e, value[e]); });
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /* ---------------------------------------------------------- clock (Paris) */

  function parisNow(now) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: TZ, weekday: "short", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    return {
      day: DAYS.indexOf(parts.weekday.slice(0, 3).toLowerCase()),
      minutes: Number(parts.hour) * 60 + Number(parts.minute),
      date: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), 12)
    };
  }

  function slots(week, day) {
    return ((week || {})[DAYS[day]] || []).map(function (slot) {
      var m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(slot);
      return [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])];
    });
  }

  function hourText(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h + NB + "h" + (m ? (m < 10 ? " 0" : " ") + m : "");
  }

  function dayText(offset, day) {
    if (offset === 0) return "aujourd’hui";
    if (offset === 1) return "demain";
    return DAY_NAMES[day];
  }

  /* Open now?  Otherwise when it opens again (within the week). */
  function openingState(week, now) {
    var t = parisNow(now);
    var today = slots(week, t.day);
    for (var i = 0; i < today.length; i++) {
      if (t.minutes >= today[i][0] && t.minutes < today[i][1]) return { open: true, until: today[i][1] };
    }
    for (var offset = 0; offset < 8; offset++) {
      var day = (t.day + offset) % 7;
      var found = slots(week, day).filter(function (s) { return offset > 0 || s[0] > t.minutes; })[0];
      if (found) return { open: false, offset: offset, day: day, at: found[0] };
    }
    return { open: false };
  }

  /* The moment a reply is due: `hours` business hours from now. */
  function replyDeadline(week, hours, now) {
    var t = parisNow(now), left = hours * 60;
    for (var offset = 0; offset < 60; offset++) {
      var day = (t.day + offset) % 7;
      var daySlots = slots(week, day);
      for (var i = 0; i < daySlots.length; i++) {
        var start = offset === 0 ? Math.max(daySlots[i][0], t.minutes) : daySlots[i][0];
        var span = daySlots[i][1] - start;
        if (span <= 0) continue;
        if (left <= span) {
          var date = new Date(t.date + offset * 864e5);
          var label = offset < 7 ? dayText(offset, day)
            : DAY_NAMES[day] + " " + date.toLocaleDateString("fr-FR", { timeZone: "UTC", day: "numeric", month: "long" });
          return label + " " + hourText(start + left);
        }
        left -= span;
      }
    }
    return null;
  }

  /* ----------------------------------------------------- sensitive input */

  var PASSWORD = /(mot\s*de\s*passe|\bmdp\b|pass\s*word|passwd|\bpwd\b)\s*(est|:|=|->)?\s*\S{4,}/i;

  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = Number(digits[digits.length - 1 - i]);
      if (i % 2) { d *= 2; if (d > 9) d -= 9; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  /* Card numbers (13 to 19 digits, Luhn-valid) keep their last four digits. */
  function maskCards(text) {
    return text.replace(/\b\d(?:[ -]?\d){12,18}\b/g, function (match) {
      var digits = match.replace(/\D/g, "");
      if (digits.length < 13 || digits.length > 19 || !luhn(digits)) return match;
      return "**** **** **** " + digits.slice(-4);
    });
  }

  /* ------------------------------------------------------------- ticket */

  function frenchDate(iso) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
  }

  /* kb_tools/ticket_values.py holds the same patterns: `check` refuses a
     preset (`set:`) value this would refuse. Change both together. */
  function validate(field, value, now) {
    if (!value) return field.required ? "Ce champ est obligatoire." : "";
    if (PASSWORD.test(value)) return "N’envoyez pas de mot de passe en clair : le support ne vous le demandera jamais.";
    if (field.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/.test(value)) {
      return "Indiquez une adresse e-mail complète, par exemple nom@exemple.fr.";
    }
    if (field.type === "date") {
      var t = parisNow(now), d = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
      if (!d) return "Indiquez une date au format jj/mm/aaaa.";
      if (Date.UTC(+d[1], +d[2] - 1, +d[3], 12) > t.date) return "La date ne peut pas être dans le futur.";
    }
    if (field.type === "amount" && !/^\d+(?:[.,]\d{1,2})?$/.test(value.replace(/\s/g, ""))) {
      return "Indiquez un montant en chiffres, par exemple 50 ou 49,90.";
    }
    return "";
  }

  function display(field, value) {
    if (field.type === "date") return frenchDate(value);
    if (field.type === "amount" && value) return value.replace(".", ",") + NB + "€";
    return maskCards(value);
  }

  /* ---------------------------------------------------------------- flow */

  function Flow(root, data, links) {
    this.root = root;
    this.data = data;
    this.links = links;
    this.sections = Object.create(null);
    var self = this;
    root.querySelectorAll("[data-kb-node]").forEach(function (s) { self.sections[s.getAttribute("data-kb-node")] = s; });
    root.classList.add("kb-flow--live");
    this.live = el("p", { class: "kb-visually-hidden", "aria-live": "polite", role: "status" });
    // the bar is in the page from the start (flow.md.j2): nothing moves
    this.step = root.querySelector("[data-kb-step]");
    this.back = root.querySelector("[data-kb-back]");
    this.restart = root.querySelector("[data-kb-restart]");
    this.back.addEventListener("click", function () { self.go(self.path.slice(0, -1)); });
    this.restart.addEventListener("click", function () { self.reset(); });
    root.appendChild(this.live);
    // another flow's move changes the hash too: only a change of this flow's state shows
    this.onHash = function () { self.render(true, true); };
    window.addEventListener("hashchange", this.onHash);
  }

  /* Once every flow of the page exists (the hash names them all). */
  Flow.prototype.start = function () {
    // arriving from another tree's answer: the focus goes on, to this step's heading
    this.render((this.saved() || {}).arriving === true);
  };

  /* What sessionStorage keeps for `tree`, checked: it is input from outside. */
  function stored(tree) {
    try {
      var state = JSON.parse(sessionStorage.getItem(STORE + tree) || "null");
      if (!state || typeof state !== "object" || state.tree !== tree) return null;
      return { tree: state.tree, path: state.path, carried: dict(state.carried), values: dict(state.values), basis: dict(state.basis), arriving: state.arriving === true };
    } catch (e) { return null; }
  }

  Flow.prototype.saved = function () { return stored(this.data.id); };

  Flow.prototype.save = function (extra) {
    var before = this.saved() || {};
    var state = { tree: this.data.id, path: this.path, carried: dict(this.carried), values: dict(before.values), basis: dict(before.basis) };
    Object.keys(extra || {}).forEach(function (k) { state[k] = extra[k]; });
    try { sessionStorage.setItem(STORE + this.data.id, JSON.stringify(state)); } catch (e) { /* private mode: keep going */ }
  };

  /* Replay answers from the start: the node reached, the fields set, and how
     many answers were valid (an invalid one stops the replay there). */
  Flow.prototype.replay = function (path) {
    var nodes = this.data.nodes, id = this.data.start, sets = dict(), trail = [], i;
    for (i = 0; i < path.length; i++) {
      var node = own(nodes, id), target, index = path[i];
      if (!node || typeof index !== "number" || index % 1 !== 0 || index < 0) break;
      if (node.type === "question") {
        var answer = index < node.answers.length ? node.answers[index] : null;
        if (!answer) break;
        target = answer.target;
        if (target.tree !== this.data.id || !own(nodes, target.node)) break;
        Object.keys(answer.set).forEach(function (k) { sets[k] = answer.set[k]; });
        trail.push([node.text, answer.label]);
      } else if (node.type === "checklist" && (index === 0 || index === 1)) {
        target = index ? node.next_target : node.resolved_target;
        if (target.tree !== this.data.id || !own(nodes, target.node)) break;
        trail.push([node.title, index ? "Toujours bloqué" : "Résolu"]);
      } else {
        break;
      }
      id = target.node;
    }
    return { node: id, sets: sets, trail: trail, valid: i };
  };

  Flow.prototype.state = function () {
    var hash = readHash(), path = own(hash.paths, this.data.id);
    // an old "#p=" link: the page's first flow, unless a flow is named "p"
    if (path === undefined && flows[0] === this && !flows.some(function (f) { return f.data.id === "p"; })) {
      path = own(hash.paths, "p");
    }
    if (path !== undefined) {
      var replayed = this.replay(path);
      // a wrong answer index: the longest valid part of the way
      return { path: path.slice(0, replayed.valid), at: replayed };
    }
    if (hash.anchor !== null && this.holds(hash.anchor)) {
      // a plain anchor (another tree's answer, a shared link): the shortest way from the start
      var way = this.pathTo(hash.anchor);
      if (way) return { path: way, at: this.replay(way) };
      return { path: null, at: { node: hash.anchor, sets: dict(), trail: [] } };
    }
    // an anchor elsewhere in the page (a heading, another flow's node) leaves this flow where it is
    if (hash.anchor && this.path) return { path: this.path, at: this.replay(this.path) };
    return { path: [], at: this.replay([]) };
  };

  /* Whether the anchor `id` is one of this flow's nodes (two flows may share
     a node id: the anchor is the first one in the page, as for the browser). */
  Flow.prototype.holds = function (id) {
    var target = own(this.data.nodes, id) ? document.getElementById(id) : null;
    return target !== null && this.root.contains(target);
  };

  /* Answer indexes from the start to `goal`, by the fewest answers (breadth first). */
  Flow.prototype.pathTo = function (goal) {
    var nodes = this.data.nodes, tree = this.data.id, seen = Object.create(null), queue = [[this.data.start, []]];
    seen[this.data.start] = true;
    while (queue.length) {
      var item = queue.shift(), node = own(nodes, item[0]);
      if (!node) continue;
      if (item[0] === goal) return item[1];
      var targets = node.type === "question" ? node.answers.map(function (a) { return a.target; })
        : node.type === "checklist" ? [node.resolved_target, node.next_target] : [];
      targets.forEach(function (t, i) {
        if (t.tree === tree && !seen[t.node]) {
          seen[t.node] = true;
          queue.push([t.node, item[1].concat([i])]);
        }
      });
    }
    return null;
  };

  Flow.prototype.go = function (path) {
    location.hash = writeHash(this, path);
  };

  Flow.prototype.reset = function () {
    try { sessionStorage.removeItem(STORE + this.data.id); } catch (e) { /* nothing stored */ }
    this.carried = {};
    var others = writeHash(this, null);
    history.pushState(null, "", location.pathname + location.search + (others ? "#" + others : ""));
    this.render(true);
  };

  Flow.prototype.onClick = function (event) {
    var link = event.target.closest && event.target.closest("a[data-kb-answer]");
    if (!link || !this.sections[this.current] || !this.sections[this.current].contains(link)) return;
    var node = own(this.data.nodes, this.current), which = link.getAttribute("data-kb-answer"), target, set = {};
    var index = which === "resolved" ? 0 : which === "next" ? 1 : Number(which);
    if (!node) return;
    if (node.type === "question") {
      var answer = /^\d+$/.test(which) && index < node.answers.length ? node.answers[index] : null;
      if (!answer) return;
      target = answer.target; set = answer.set;
    }
    else target = index ? node.next_target : node.resolved_target;
    // Material's instant navigation must not handle this click as well.
    event.preventDefault();
    event.stopPropagation();
    if (target.tree === this.data.id) {
      this.go((this.path || []).concat([index]));
      return;
    }
    // Another tree: carry what the player already told us, then follow the article's link.
    var carried = dict(this.carried, this.state().at.sets, set);
    // what the player typed there before stays; what answers filled in is judged again (Ticket)
    var before = stored(target.tree) || {};
    try { sessionStorage.setItem(STORE + target.tree, JSON.stringify({ tree: target.tree, path: [], carried: carried, values: dict(before.values), basis: dict(before.basis), arriving: true })); } catch (e) { /* ignore */ }
    location.href = link.href;
  };

  Flow.prototype.render = function (moveFocus, onlyIfMoved) {
    var state = this.state(), saved = this.saved();
    var shown = (state.path ? state.path.join(".") : "") + "@" + state.at.node;
    if (onlyIfMoved && shown === this.shown) return;
    this.shown = shown;
    this.path = state.path;
    this.current = state.at.node;
    this.carried = saved ? saved.carried : dict();
    this.sets = dict(this.carried, state.at.sets);
    var self = this;
    this.trail = state.at.trail;
    Object.keys(this.sections).forEach(function (id) { self.sections[id].hidden = id !== self.current; });
    var section = this.sections[this.current], node = own(this.data.nodes, this.current);
    var steps = this.path ? this.path.length + 1 : null;
    this.step.textContent = node.type === "outcome" ? "Votre solution" : steps ? "Étape " + steps : "";
    this.back.disabled = !this.path || this.path.length === 0;
    this.save();
    if (node.type === "outcome") this.outcome(section, node);
    var heading = section.querySelector("h2");
    if (moveFocus && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
    this.live.textContent = (node.type === "outcome" ? "Solution : " : "Question : ") + (heading ? heading.textContent : "");
  };

  /* ------------------------------------------------------------- outcome */

  Flow.prototype.outcome = function (section, node) {
    var old = section.querySelector(".kb-live");
    if (old) old.remove();
    var box = el("div", { class: "kb-live" });
    box.appendChild(this.channelCard(node));
    if (node.ticket) box.appendChild(new Ticket(this, node).form);
    else box.appendChild(this.feedback(node));
    section.appendChild(box);
  };

  Flow.prototype.channelCard = function (node) {
    var channels = this.data.channels, channel = own(channels, node.channel);
    var reach = channel.via ? own(channels, channel.via) : channel, now = new Date();
    var card = el("div", { class: "kb-channel kb-channel--" + channel.kind, "data-kb-channel-card": node.channel }, [
      el("p", { class: "kb-channel__name" }, [el("strong", { text: "Canal recommandé" + NB + ": " + channel.name })]),
      el("p", { text: channel.purpose }),
      el("p", { text: "Délai indicatif" + NB + ": " + channel.delay.charAt(0).toLowerCase() + channel.delay.slice(1) + "." })
    ]);
    if (node.urgency !== "normal") {
      card.appendChild(el("p", { class: "kb-channel__urgent", text: "Au chat, demandez l’escalade de votre demande vers un superviseur." }));
    }
    if (reach.kind === "chat" && reach.hours) {
      var open = openingState(reach.hours, now);
      var status = open.open ? "Chat ouvert jusqu’à " + hourText(open.until) + " (heure de Paris)"
        : "Chat fermé" + (open.day !== undefined ? ", reprise " + dayText(open.offset, open.day) + " à " + hourText(open.at) : "");
      card.appendChild(el("p", { class: "kb-channel__status", "data-kb-chat-status": open.open ? "open" : "closed",
        text: status + "." + (reach.example ? " (Horaires d’exemple.)" : "") }));
      if (!open.open && reach.fallback) {
        var fb = own(channels, reach.fallback);
        card.appendChild(el("p", { text: "En attendant, écrivez par " + fb.name.toLowerCase() + NB + ": un agent reprendra votre demande." }));
      }
    }
    var mail = this.replyChannel(reach);
    if (mail && mail.reply_business_hours && (reach.kind === "email" || reach.kind === "form")) {
      var due = replyDeadline(this.data.business_hours, mail.reply_business_hours[1], now);
      if (due) card.appendChild(el("p", { "data-kb-reply-due": true, text: mail.reply_business_hours.join("–") + NB + "h ouvrées" + NB + ": réponse attendue d’ici " + due + "." }));
    }
    return card;
  };

  Flow.prototype.replyChannel = function (reach) {
    if (reach.kind === "email" || reach.kind === "form") return reach;
    return reach.fallback ? own(this.data.channels, reach.fallback) : null;
  };

  Flow.prototype.feedback = function (node) {
    var self = this;
    var thanks = el("p", { class: "kb-feedback__thanks", "aria-live": "polite" });
    function answer(helpful) {
      return function () {
        var detail = { tree: self.data.id, node: node.id, helpful: helpful };
        document.dispatchEvent(new CustomEvent("kb:feedback", { detail: detail }));
        // Sent only where a deployment configured an endpoint (plugin option feedback_endpoint);
        // it carries the tree, the node and yes/no, never anything the player typed.
        var endpoint = document.querySelector('meta[name="kb-feedback-endpoint"]');
        if (endpoint && navigator.sendBeacon) navigator.sendBeacon(endpoint.content, JSON.stringify(detail));
        thanks.textContent = helpful ? "Merci" + NB + "!" : "Merci. Vous pouvez recommencer le parcours ou nous contacter.";
        box.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      };
    }
    var box = el("div", { class: "kb-feedback", "data-kb-feedback": true }, [
      el("p", { text: "Cela vous a-t-il aidé" + NB + "?" }),
      el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "yes", text: "Oui", on: { click: answer(true) } }),
      el("button", { type: "button", class: "md-button", "data-kb-feedback-answer": "no", text: "Non", on: { click: answer(false) } }),
      thanks
    ]);
    return box;
  };

  /* ------------------------------------------- « ces pages peuvent aider » */

  /* Asks the site's search worker (kb-search-worker.js) through a
     BroadcastChannel: the text never leaves the browser. */
  var channel = window.BroadcastChannel ? new BroadcastChannel("kb-search") : null;
  var asked = 0;

  function siteBase() {
    try {
      return new URL(JSON.parse(document.getElementById("__config").textContent).base, location.href);
    } catch (e) { return new URL("/", location.href); }
  }

  function deflector() {
    var list = el("ul");
    var box = el("div", { class: "kb-deflect", "data-kb-deflect": true, "aria-live": "polite", hidden: true }, [
      el("p", { class: "kb-deflect__title", text: "Ces pages peuvent résoudre votre problème" + NB + ":" }), list
    ]);
    var timer = null, mine = 0;
    if (channel) {
      channel.addEventListener("message", function (event) {
        var answer = event.data || {};
        if (answer.kb !== "suggestions" || answer.id !== mine) return;
        list.textContent = "";
        var base = siteBase();
        answer.pages.forEach(function (page) {
          list.appendChild(el("li", {}, [el("a", { href: new URL(page.location, base).href, text: page.title })]));
        });
        box.hidden = !answer.pages.length;
      });
    }
    return {
      box: box,
      ask: function (text) {
        if (!channel) return;
        clearTimeout(timer);
        timer = setTimeout(function () {
          mine = "kb" + (++asked) + Math.random().toString(36).slice(2);
          channel.postMessage({ kb: "suggest", id: mine, text: text });
        }, 250);
      }
    };
  }

  /* --------------------------------------------------------- ticket form */

  function Ticket(flow, node) {
    this.flow = flow;
    this.node = node;
    this.fields = node.ticket.fields.map(function (id) { return Object.assign({ id: id }, own(flow.data.fields, id)); });
    var saved = flow.saved() || {}, typed = saved.values || {}, basis = saved.basis || {};
    var self = this;
    this.prefill = Object.create(null);  // what the answers filled in, per field
    this.key = flow.data.id + "--" + node.id;  // ids of its controls: two flows on a page never share one
    this.form = el("form", { class: "kb-ticket", "data-kb-ticket": node.id, novalidate: true,
      on: { input: function (e) { self.changed(e.target); }, change: function (e) { self.changed(e.target); }, submit: function (e) { e.preventDefault(); } } });
    this.form.appendChild(el("h3", { text: "Préparez votre demande" }));
    this.form.appendChild(el("p", { class: "kb-ticket__intro", text: "Remplissez ce que vous savez. Rien ne quitte votre appareil avant que vous cliquiez sur un bouton d’envoi." }));
    this.fields.forEach(function (field) {
      var set = own(flow.sets, field.id), kept = own(typed, field.id), was = own(basis, field.id);
      set = typeof set === "string" ? set : "";
      was = typeof was === "string" ? was : "";
      self.prefill[field.id] = set;
      // a value kept from before counts while the answers that filled it in still stand;
      // a newer answer wins, and what the player wrote over an old answer stays if none replaces it
      var value = typeof kept !== "string" ? set : was === set ? kept : set || (kept !== was ? kept : "");
      self.form.appendChild(self.input(field, value));
    });
    this.deflect = deflector();
    this.form.appendChild(this.deflect.box);
    if (node.ticket.attachments.length) {
      var list = el("fieldset", { class: "kb-ticket__attachments" }, [el("legend", { text: "À joindre à votre demande" })]);
      node.ticket.attachments.forEach(function (item, i) {
        var id = "kb-att-" + self.key + "-" + i;
        list.appendChild(el("div", { class: "kb-check" }, [
          el("input", { type: "checkbox", id: id, name: "attachment-" + i, "data-kb-attachment": item }),
          el("label", { for: id, text: item })
        ]));
      });
      list.appendChild(el("p", { class: "kb-ticket__hint", text: "Masquez les données sensibles non requises (numéro complet de carte, autres opérations)." }));
      this.form.appendChild(list);
    }
    node.ticket.warnings.forEach(function (w) { self.form.appendChild(el("p", { class: "kb-ticket__warning", text: w })); });
    this.subject = el("output", { class: "kb-ticket__subject", "data-kb-ticket-subject": true, id: "kb-subject-" + this.key });
    this.body = el("textarea", { class: "kb-ticket__body", "data-kb-ticket-body": true, readonly: true, rows: 12, id: "kb-body-" + this.key });
    this.form.appendChild(el("div", { class: "kb-ticket__preview" }, [
      el("p", {}, [el("strong", { text: "Objet" + NB + ": " }), this.subject]),
      el("label", { for: this.body.id, text: "Message" }), this.body
    ]));
    this.form.appendChild(this.actions());
    this.update();
  }

  Ticket.prototype.input = function (field, value) {
    var id = "kb-f-" + this.key + "-" + field.id, control;
    var hint = field.hint ? el("p", { class: "kb-ticket__hint", id: id + "-hint", text: field.hint }) : null;
    var error = el("p", { class: "kb-ticket__error", id: id + "-error", "aria-live": "polite" });
    var common = { id: id, name: field.id, "aria-describedby": (hint ? id + "-hint " : "") + id + "-error", required: field.required, autocomplete: field.type === "email" ? "email" : "off" };
    if (field.type === "choice") {
      control = el("select", common, [el("option", { value: "", text: "Choisir" })].concat(field.options.map(function (o) { return el("option", { value: o, text: o }); })));
    } else if (field.type === "textarea") {
      control = el("textarea", Object.assign({ rows: 3 }, common));
    } else {
      var types = { email: "email", date: "date", amount: "text", text: "text" };
      control = el("input", Object.assign({ type: own(types, field.type) || "text", inputmode: field.type === "amount" ? "decimal" : null,
        max: field.type === "date" ? new Date(parisNow(new Date()).date).toISOString().slice(0, 10) : null }, common));
    }
    control.value = value;
    return el("div", { class: "kb-ticket__field" }, [
      el("label", { for: id, text: field.label + (field.required ? " (obligatoire)" : "") }), hint, control, error
    ]);
  };

  Ticket.prototype.values = function () {
    var out = Object.create(null);
    var form = this.form;
    this.fields.forEach(function (f) { out[f.id] = (form.elements[f.id].value || "").trim(); });
    return out;
  };

  /* What sessionStorage may keep: never a refused value, card numbers masked. */
  Ticket.prototype.storable = function () {
    var values = this.values(), out = Object.create(null);
    Object.keys(values).forEach(function (id) {
      if (!PASSWORD.test(values[id])) out[id] = maskCards(values[id]);
    });
    return out;
  };

  Ticket.prototype.changed = function (target) {
    if (target && target.tagName === "TEXTAREA" && target.name) this.deflect.ask(target.value);
    if (target && target.name && !/^attachment-/.test(target.name)) this.check(target, true);
    this.update();
  };

  Ticket.prototype.check = function (control, showEmpty) {
    var field = this.fields.filter(function (f) { return f.id === control.name; })[0];
    if (!field) return "";
    var message = validate(field, control.value.trim(), new Date());
    if (!showEmpty && !control.value) message = "";
    var error = document.getElementById(control.id + "-error");
    error.textContent = message;
    if (message) control.setAttribute("aria-invalid", "true"); else control.removeAttribute("aria-invalid");
    return message;
  };

  Ticket.prototype.text = function () {
    var values = this.values(), fields = this.fields, node = this.node, flow = this.flow;
    var byId = Object.create(null);
    fields.forEach(function (f) { byId[f.id] = f; });
    // same pattern as kb_tools/ticket_values.py PLACEHOLDER; `check` refuses any other brace
    var subject = node.ticket.subject.replace(/\{([^{}]*)\}/g, function (_, id) {
      var f = byId[id];
      return values[id] && !validate(f, values[id], new Date()) ? display(f, values[id]) : "[" + (f ? f.label : id) + "]";
    });
    var lines = ["Bonjour,", "", node.title + " (parcours « " + flow.data.title + " »).", "", "Contexte" + NB + ":"];
    var free = { description: 1, etapes: 1 };
    fields.forEach(function (f) {
      var v = values[f.id];
      if (!free[f.id] && v && !validate(f, v, new Date())) lines.push("- " + f.label + NB + ": " + display(f, v));
    });
    var ok = function (id) { return values[id] && byId[id] && !validate(byId[id], values[id], new Date()); };
    if (ok("description")) lines.push("", "Description" + NB + ":", display(byId.description, values.description));
    var tried = flow.trail.map(function (t) { return "- " + t[0] + " " + t[1]; });
    if (ok("etapes")) tried.push("- " + display(byId.etapes, values.etapes).replace(/\n+/g, "\n- "));
    if (tried.length) {
      lines.push("", "Étapes déjà tentées" + NB + ":");
      lines.push.apply(lines, tried);
    }
    var attached = [];
    this.form.querySelectorAll("[data-kb-attachment]").forEach(function (box) {
      attached.push((box.checked ? "- [x] " : "- [ ] ") + box.getAttribute("data-kb-attachment"));
    });
    if (attached.length) {
      lines.push("", "Pièces jointes" + NB + ":");
      lines.push.apply(lines, attached);
    }
    lines.push("", "Merci de votre aide.");
    return { subject: maskCards(subject), body: lines.join("\n") };
  };

  Ticket.prototype.update = function () {
    var t = this.text(), flow = this.flow;
    this.subject.value = t.subject;
    this.subject.textContent = t.subject;
    this.body.value = t.body;
    var before = flow.saved() || {};
    flow.save({ values: this.storable(), basis: this.prefill, carried: before.carried || flow.carried });
    var channels = flow.data.channels, channel = own(channels, this.node.channel);
    var reach = channel.via ? own(channels, channel.via) : channel;
    var mail = reach.kind === "email" ? reach : reach.fallback && own(channels, reach.fallback).kind === "email" ? own(channels, reach.fallback) : null;
    var crlf = function (s) { return encodeURIComponent(s.replace(/\n/g, "\r\n")); };
    if (mail && this.mailto) this.mailto.href = "mailto:" + mail.address + "?subject=" + crlf(t.subject) + "&body=" + crlf(t.body);
    if (this.formLink && reach.kind === "form") {
      var url = new URL(reach.url, location.href);
      if (reach.prefill) {
        url.searchParams.set(reach.prefill.subject, t.subject);
        url.searchParams.set(reach.prefill.body, t.body);
      }
      this.formLink.href = url.href;
    }
    var invalid = this.invalid();
    [this.mailto, this.formLink].forEach(function (a) { if (a) a.setAttribute("aria-disabled", invalid ? "true" : "false"); });
  };

  Ticket.prototype.invalid = function () {
    var self = this, bad = false;
    this.fields.forEach(function (f) {
      var v = self.form.elements[f.id].value.trim();
      if (v && validate(f, v, new Date())) bad = true;
    });
    return bad;
  };

  /* Blocks an action while a field is wrong or looks like a password; sending
     (e-mail, form, chat) also needs the required fields, a copy does not. */
  Ticket.prototype.guard = function (event, sending) {
    var self = this, first = null;
    this.fields.forEach(function (f) {
      var control = self.form.elements[f.id];
      var wrong = control.value.trim() || sending ? self.check(control, true) : "";
      if (wrong && !first) first = control;
    });
    if (first) {
      event.preventDefault();
      first.focus();
      return false;
    }
    return true;
  };

  Ticket.prototype.actions = function () {
    var self = this, flow = this.flow, channels = flow.data.channels, channel = own(channels, this.node.channel);
    var reach = channel.via ? own(channels, channel.via) : channel;
    var status = el("p", { class: "kb-ticket__done", role: "status", "aria-live": "polite" });
    var bar = el("div", { class: "kb-ticket__actions" });
    if (reach.kind === "chat") {
      bar.appendChild(el("a", { class: "md-button md-button--primary", href: reach.url, "data-kb-chat": true, target: "_blank", rel: "noopener",
        text: "Ouvrir le chat en direct", on: { click: function (e) { self.guard(e, true); } } }));
    }
    if (reach.kind === "form") {
      this.formLink = el("a", { class: "md-button md-button--primary", href: reach.url, "data-kb-form": true, target: "_blank", rel: "noopener",
        text: "Ouvrir le formulaire", on: { click: function (e) { self.guard(e, true); } } });
      bar.appendChild(this.formLink);
    }
    var mail = reach.kind === "email" ? reach : reach.fallback && own(channels, reach.fallback).kind === "email" ? own(channels, reach.fallback) : null;
    if (mail) {
      this.mailto = el("a", { class: reach.kind === "email" ? "md-button md-button--primary" : "md-button", "data-kb-mailto": true, href: "mailto:" + mail.address,
        text: reach.kind === "email" ? "Écrire l’e-mail" : "Écrire par e-mail", on: { click: function (e) { self.guard(e, true); } } });
      bar.appendChild(this.mailto);
    }
    bar.appendChild(el("button", { type: "button", class: "md-button", "data-kb-copy": true, text: "Copier la demande", on: { click: function (e) {
      if (!self.guard(e, false)) return;
      var t = self.text();
      var done = function () { status.textContent = "Demande copiée. Collez-la dans le chat ou l’e-mail."; };
      if (navigator.clipboard) navigator.clipboard.writeText("Objet" + NB + ": " + t.subject + "\n\n" + t.body).then(done, function () {
        status.textContent = "Copie impossible : sélectionnez le message ci-dessus et copiez-le.";
      });
    } } }));
    bar.appendChild(el("button", { type: "button", class: "md-button", "data-kb-download": true, text: "Télécharger une copie (.txt)", on: { click: function (e) {
      if (!self.guard(e, false)) return;
      var t = self.text();
      var blob = new Blob(["Objet" + NB + ": " + t.subject + "\r\n\r\n" + t.body.replace(/\n/g, "\r\n")], { type: "text/plain;charset=utf-8" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "demande-" + flow.data.id + ".txt" });
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
      status.textContent = "Copie téléchargée. Gardez une copie de vos échanges.";
    } } }));
    return el("div", {}, [bar, status]);
  };

  /* --------------------------------------------------------------- boot */

  var flows = [];

  /* Material's toggles (menu, search) are opened by labels, and a label
     cannot take a button's role (ARIA in HTML). For the keyboard and screen
     readers, a real button takes the label's place, with the label's own
     content, and clicks the hidden label: Material sees the same click. */
  function buttonFor(label, attrs) {
    if (label.hasAttribute("data-kb-replaced")) return null;
    var button = el("button", Object.assign({ type: "button", "class": label.className + " kb-toggle-button" }, attrs));
    while (label.firstChild) button.appendChild(label.firstChild);
    label.setAttribute("data-kb-replaced", "");
    label.parentNode.insertBefore(button, label);
    button.addEventListener("click", function () { label.click(); });
    return button;
  }

  /* The home page's large search field: it opens Material's search, then
     the cursor is in the search box. Without JavaScript it stays a label. */
  function searchTriggers() {
    document.querySelectorAll("label[data-kb-open-search]").forEach(function (label) {
      var button = buttonFor(label, {});
      if (!button) return;
      button.addEventListener("click", function () {
        var input = document.querySelector(".md-search__input");
        if (input) setTimeout(function () { input.focus(); }, 0);
      });
    });
  }

  /* Material's search dialog has the role but no name: give it one (WCAG 4.1.2). */
  function searchDialogName() {
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Rechercher dans le centre d’aide");
    });
  }

  /* On a narrow screen the closed menu is hidden (kb-flow.css): its button
     says whether it is open. */
  function menuButton() {
    var toggle = document.getElementById("__drawer");
    document.querySelectorAll("label.md-header__button[for='__drawer']").forEach(function (label) {
      var button = buttonFor(label, { "aria-label": "Menu" });
      if (!button) return;
      button.classList.add("kb-menu-button");
      var sync = function () { button.setAttribute("aria-expanded", toggle && toggle.checked ? "true" : "false"); };
      if (toggle) toggle.addEventListener("change", sync);
      sync();
    });
  }

  function boot() {
    searchTriggers();
    searchDialogName();
    menuButton();
    flows.forEach(function (f) { window.removeEventListener("hashchange", f.onHash); });
    flows = [];
    document.querySelectorAll("[data-kb-flow]").forEach(function (root) {
      var data = root.getAttribute("data-kb-flow-data");
      if (data) flows.push(new Flow(root, JSON.parse(data)));
    });
    flows.forEach(function (f) { f.start(); });
  }

  // The search worker fetches its index when the player first opens the
  // search: the cursor lands in the search box, the index starts loading.
  document.addEventListener("focusin", function (event) {
    if (channel && event.target.matches && event.target.matches(".md-search__input")) channel.postMessage({ kb: "warm" });
  });

  // Capture on window, before Material's instant navigation sees the click.
  window.addEventListener("click", function (event) {
    flows.forEach(function (f) { f.onClick(event); });
  }, true);


  if (window.document$) window.document$.subscribe(boot);
  else document.addEventListener("DOMContentLoaded", boot);
})();
