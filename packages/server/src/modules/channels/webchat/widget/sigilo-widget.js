/*
 * Sigilo web chat widget. Served as /widget.js; embed with
 *   <script src="https://sigilo.example/widget.js" data-sigilo-key="wc_…" async></script>
 * Optional attributes: data-lang (pt-BR | es | en), and, for a customer signed in on the host site,
 * data-sigilo-user-email plus data-sigilo-user-hash = hex HMAC-SHA256(identitySecret, email)
 * computed on the host's server (identifier_hash). Without a valid hash the visitor stays anonymous.
 *
 * Plain ES2017, no framework, no inline script or eval (CSP script-src 'self' is enough). Everything
 * renders inside a Shadow DOM so the host page's CSS cannot break it. Text is always set with
 * textContent, never parsed as HTML.
 */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[data-sigilo-key]');
  if (!script || window.__sigiloWidget) return;
  window.__sigiloWidget = true;

  var KEY = script.getAttribute('data-sigilo-key') || '';
  var BASE = new URL(script.src, location.href).origin;
  var USER_EMAIL = script.getAttribute('data-sigilo-user-email') || '';
  var USER_HASH = script.getAttribute('data-sigilo-user-hash') || '';

  var STRINGS = {
    en: {
      title: 'Chat with us', open: 'Open chat', close: 'Close chat', intro: 'Hello! Before we start:',
      name: 'Your name', email: 'Your e-mail', start: 'Start chat', privacy: 'How we handle your data (privacy notice)',
      message: 'Message', placeholder: 'Write a message…', send: 'Send', sending: 'Sending…', sent: 'Sent',
      failed: 'Not sent', retry: 'Retry', connecting: 'Connecting…', offline: 'Connection lost. Reconnecting…',
      you: 'You', agent: 'Agent', conversation: 'Conversation', unread: 'new messages', tooLarge: 'This message is too long.',
      rateLimited: 'You are sending messages too fast; wait a moment.', required: 'Please fill in this field.',
      optional: 'Optional — tick only what you agree to:', choices: 'Privacy choices', save: 'Save my choices',
      saved: 'Your choices were saved.', back: 'Back to the conversation', receipt: 'Receipt',
      review: 'Our privacy notice changed: please review your privacy choices.'
    },
    pt: {
      title: 'Fale conosco', open: 'Abrir o chat', close: 'Fechar o chat', intro: 'Olá! Antes de começar:',
      name: 'Seu nome', email: 'Seu e-mail', start: 'Iniciar conversa', privacy: 'Como tratamos seus dados (aviso de privacidade)',
      message: 'Mensagem', placeholder: 'Escreva uma mensagem…', send: 'Enviar', sending: 'Enviando…', sent: 'Enviada',
      failed: 'Não enviada', retry: 'Tentar de novo', connecting: 'Conectando…', offline: 'Conexão perdida. Reconectando…',
      you: 'Você', agent: 'Atendente', conversation: 'Conversa', unread: 'novas mensagens', tooLarge: 'Esta mensagem é longa demais.',
      rateLimited: 'Você está enviando rápido demais; aguarde um momento.', required: 'Preencha este campo.',
      optional: 'Opcional — marque só o que você aceita:', choices: 'Escolhas de privacidade', save: 'Salvar minhas escolhas',
      saved: 'Suas escolhas foram salvas.', back: 'Voltar à conversa', receipt: 'Comprovante',
      review: 'Nosso aviso de privacidade mudou: revise suas escolhas de privacidade.'
    },
    es: {
      title: 'Habla con nosotros', open: 'Abrir el chat', close: 'Cerrar el chat', intro: '¡Hola! Antes de empezar:',
      name: 'Tu nombre', email: 'Tu correo electrónico', start: 'Empezar a chatear', privacy: 'Cómo tratamos tus datos (aviso de privacidad)',
      message: 'Mensaje', placeholder: 'Escribe un mensaje…', send: 'Enviar', sending: 'Enviando…', sent: 'Enviado',
      failed: 'No enviado', retry: 'Reintentar', connecting: 'Conectando…', offline: 'Conexión perdida. Reconectando…',
      you: 'Tú', agent: 'Agente', conversation: 'Conversación', unread: 'mensajes nuevos', tooLarge: 'Este mensaje es demasiado largo.',
      rateLimited: 'Estás enviando mensajes demasiado rápido; espera un momento.', required: 'Rellena este campo.',
      optional: 'Opcional — marca solo lo que aceptas:', choices: 'Opciones de privacidad', save: 'Guardar mis opciones',
      saved: 'Tus opciones se han guardado.', back: 'Volver a la conversación', receipt: 'Justificante',
      review: 'Nuestro aviso de privacidad ha cambiado: revisa tus opciones de privacidad.'
    }
  };

  function pickLang() {
    var wanted = (script.getAttribute('data-lang') || navigator.language || 'en').toLowerCase();
    if (wanted.indexOf('pt') === 0) return 'pt';
    if (wanted.indexOf('es') === 0) return 'es';
    return 'en';
  }
  var LANG = pickLang();
  var T = STRINGS[LANG];

  // ---- storage: the visitor id keeps the conversation across page loads -------------------------
  var memory = {};
  function load(name) {
    try { return window.localStorage.getItem('sigilo:' + name + ':' + KEY); } catch (e) { return memory[name] || null; }
  }
  function save(name, value) {
    try { window.localStorage.setItem('sigilo:' + name + ':' + KEY, value); } catch (e) { memory[name] = value; }
  }
  function randomId(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    var s = '';
    for (var i = 0; i < a.length; i++) s += String.fromCharCode(a[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function visitorId() {
    // A different signed-in customer (or signing out) on this browser starts a new visitor, so the
    // next person at a shared computer does not see the previous one's conversation.
    var marker = USER_HASH ? USER_HASH.slice(0, 16) : 'anonymous';
    var id = load('visitor');
    if (!id || !/^[A-Za-z0-9_-]{24,128}$/.test(id) || load('identity') !== marker) {
      id = randomId(24);
      save('visitor', id);
      save('identity', marker);
      save('prechat', '');
    }
    return id;
  }
  var VISITOR = visitorId();

  // ---- DOM inside a shadow root -----------------------------------------------------------------
  var CSS = [
    ':host{all:initial}',
    '*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:15px;line-height:1.4}',
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;border:0;background:#1f4b99;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);display:flex;align-items:center;justify-content:center}',
    '.launcher svg{width:28px;height:28px;fill:currentColor}',
    '.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#c62828;color:#fff;font-size:12px;padding:0 6px;display:flex;align-items:center;justify-content:center}',
    '.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:min(370px,calc(100vw - 40px));height:min(540px,calc(100vh - 120px));background:#fff;color:#1b1b1b;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}',
    '.panel[hidden]{display:none}',
    'header{background:#1f4b99;color:#fff;padding:12px 14px;display:flex;align-items:center;justify-content:space-between}',
    'header h2{margin:0;font-size:16px;font-weight:600}',
    '.icon{background:transparent;border:0;color:inherit;cursor:pointer;font-size:22px;line-height:1;padding:2px 8px;border-radius:6px}',
    'button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #ffb300;outline-offset:2px}',
    '.status{padding:6px 14px;background:#fff4e5;color:#5d4037;font-size:13px}',
    '.status:empty{display:none}',
    '.body{flex:1;overflow-y:auto;padding:12px 14px;background:#f5f7fb}',
    'form.prechat{display:flex;flex-direction:column;gap:10px}',
    'label{display:flex;flex-direction:column;gap:4px;font-weight:500}',
    'input,textarea{border:1px solid #9aa5b8;border-radius:8px;padding:8px 10px;background:#fff;color:#1b1b1b;width:100%}',
    '.primary{background:#1f4b99;color:#fff;border:0;border-radius:8px;padding:9px 14px;cursor:pointer;font-weight:600}',
    '.primary:disabled{opacity:.6;cursor:default}',
    'a{color:#1f4b99}',
    'ol.log{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}',
    'li{max-width:85%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}',
    'li.inbound{align-self:flex-end;background:#1f4b99;color:#fff;border-bottom-right-radius:4px}',
    'li.outbound{align-self:flex-start;background:#fff;border:1px solid #d6dce6;border-bottom-left-radius:4px}',
    '.meta{display:block;font-size:12px;opacity:.8;margin-top:3px}',
    'li.failed{background:#fdecea;color:#7f1d1d}',
    '.retry{background:none;border:0;color:inherit;text-decoration:underline;cursor:pointer;font-size:12px;padding:0;margin-left:6px}',
    'form.composer{display:flex;gap:8px;padding:10px;border-top:1px solid #e0e4ec}',
    'form.composer textarea{resize:none;height:42px}',
    '.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0}',
    '.error{color:#b71c1c;font-size:13px}',
    '.notice{font-size:13px;color:#333;margin:0}',
    'fieldset.choices{border:1px solid #d6dce6;border-radius:8px;padding:8px 10px;margin:0;display:flex;flex-direction:column;gap:2px}',
    'fieldset.choices legend{font-size:13px;padding:0 4px}',
    'label.choice{flex-direction:row;align-items:flex-start;gap:8px;font-weight:400}',
    'label.choice input{width:auto;margin:3px 0 0}',
    '.hint{margin:0 0 6px 26px;font-size:13px;color:#555}',
    '.privacybar{padding:0 10px 8px;text-align:right}',
    '.privacybar[hidden]{display:none}',
    '.linkbtn{background:none;border:0;color:#1f4b99;text-decoration:underline;cursor:pointer;font-size:13px;padding:2px 0}',
    'ul.receipts{margin:0;padding-left:18px;font-size:13px}'
  ].join('\n');

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'hidden') node.hidden = !!attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    if (children) for (var i = 0; i < children.length; i++) if (children[i]) node.appendChild(children[i]);
    return node;
  }

  var host = el('div', { 'data-sigilo-widget': '' });
  var root = host.attachShadow({ mode: 'open' });
  root.appendChild(el('style', { text: CSS }));

  var launcherIcon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  launcherIcon.setAttribute('viewBox', '0 0 24 24');
  launcherIcon.setAttribute('aria-hidden', 'true');
  var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  launcherIcon.appendChild(path);
  var badge = el('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
  var launcher = el('button', { type: 'button', class: 'launcher', 'aria-label': T.open, 'aria-expanded': 'false', 'aria-controls': 'sigilo-panel' }, [launcherIcon, badge]);

  var closeButton = el('button', { type: 'button', class: 'icon', 'aria-label': T.close, text: '×' });
  var heading = el('h2', { id: 'sigilo-title', text: T.title });
  var statusLine = el('div', { class: 'status', role: 'status' });
  var announcer = el('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  var body = el('div', { class: 'body' });
  var log = el('ol', { class: 'log', 'aria-label': T.conversation });
  var textarea = el('textarea', { id: 'sigilo-message', placeholder: T.placeholder, rows: '1', maxlength: '10000' });
  var composer = el('form', { class: 'composer', hidden: true }, [
    el('label', { for: 'sigilo-message', class: 'sr-only', text: T.message }),
    textarea,
    el('button', { type: 'submit', class: 'primary', text: T.send })
  ]);
  var privacyButton = el('button', { type: 'button', class: 'linkbtn', text: T.choices });
  var privacyBar = el('div', { class: 'privacybar', hidden: true }, [privacyButton]);
  var panel = el('div', { id: 'sigilo-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'sigilo-title', hidden: true }, [
    el('header', null, [heading, closeButton]),
    statusLine,
    body,
    composer,
    privacyBar,
    announcer
  ]);
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- consent hook ---------------------------------------------------------------------------
  /**
   * The consent choices of the pre-chat form (and of the privacy choices view): the short notice,
   * then one checkbox per optional purpose, each with its own text, unticked unless the visitor
   * already agreed (`current`). Nothing is bundled and the chat does not depend on any of them.
   * Returns a list of elements to insert above the start button.
   */
  function renderConsentChoices(current) {
    var offer = config && config.consent;
    if (!offer) return [];
    var out = [];
    if (offer.short && !current) out.push(el('p', { class: 'notice', text: offer.short }));
    if (!offer.choices || !offer.choices.length) return out;
    var box = el('fieldset', { class: 'choices' });
    box.appendChild(el('legend', { text: T.optional }));
    for (var i = 0; i < offer.choices.length; i++) {
      var c = offer.choices[i];
      var id = 'sigilo-consent-' + c.purpose;
      var input = el('input', { type: 'checkbox', id: id, name: 'consent', value: c.purpose, 'aria-describedby': id + '-hint' });
      input.checked = !!(current && c.checked);
      box.appendChild(el('label', { class: 'choice', for: id }, [input, el('span', { text: c.label })]));
      box.appendChild(el('p', { class: 'hint', id: id + '-hint', text: c.description || '' }));
    }
    out.push(box);
    return out;
  }

  function readChoices(scope) {
    var inputs = scope.querySelectorAll('input[name="consent"]');
    var choices = {};
    for (var i = 0; i < inputs.length; i++) choices[inputs[i].value] = !!inputs[i].checked;
    return choices;
  }

  function needsReview() {
    var choices = (config && config.consent && config.consent.choices) || [];
    for (var i = 0; i < choices.length; i++) if (choices[i].status === 'renewal_needed' || choices[i].status === 'expired') return true;
    return false;
  }

  var receipts = []; // links returned for the choices saved in this page

  /** Change of mind at any time: the same checkboxes, ticked as they stand, and a save button. */
  function showPrivacy() {
    view = 'privacy';
    body.textContent = '';
    composer.hidden = true;
    privacyBar.hidden = true;
    var form = el('form', { class: 'prechat', novalidate: '' });
    form.appendChild(el('h3', { text: T.choices }));
    var choices = renderConsentChoices(true);
    for (var c = 0; c < choices.length; c++) form.appendChild(choices[c]);
    form.appendChild(el('p', null, [el('a', { href: BASE + ((config && config.privacyUrl) || '/privacy'), target: '_blank', rel: 'noopener', text: T.privacy })]));
    if (receipts.length) {
      var list = el('ul', { class: 'receipts' });
      for (var r = 0; r < receipts.length; r++) list.appendChild(el('li', null, [el('a', { href: BASE + receipts[r].url, target: '_blank', rel: 'noopener', text: T.receipt + ': ' + receipts[r].label })]));
      form.appendChild(list);
    }
    form.appendChild(el('button', { type: 'submit', class: 'primary', text: T.save }));
    var back = el('button', { type: 'button', class: 'linkbtn', text: T.back });
    back.addEventListener('click', function () { setStatus(''); showChat(); textarea.focus(); });
    form.appendChild(back);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send({ type: 'consent', choices: readChoices(form), lang: LANG });
    });
    body.appendChild(form);
    var first = form.querySelector('input');
    if (first) first.focus();
  }
  privacyButton.addEventListener('click', function () { showPrivacy(); });

  // ---- state ----------------------------------------------------------------------------------
  var config = null; // from the server's ready frame
  var messages = []; // { id, clientId, direction, text, state }
  var socket = null;
  var attempt = 0;
  var reconnectTimer = null;
  var isOpen = false;
  var unread = 0;
  var name = '';
  var view = 'none'; // connecting | prechat | chat | privacy

  function setStatus(text) { statusLine.textContent = text || ''; }

  function stateLabel(m) {
    if (m.direction !== 'inbound') return '';
    if (m.state === 'sending') return T.sending;
    if (m.state === 'failed') return T.failed;
    return T.sent;
  }

  function renderMessage(m) {
    var li = el('li', { class: m.direction + (m.state === 'failed' ? ' failed' : '') });
    li.appendChild(el('span', { class: 'sr-only', text: (m.direction === 'inbound' ? T.you : T.agent) + ': ' }));
    li.appendChild(document.createTextNode(m.text));
    var label = stateLabel(m);
    if (label) {
      var meta = el('span', { class: 'meta', 'data-state': m.state, text: label });
      if (m.state === 'failed') {
        var retry = el('button', { type: 'button', class: 'retry', text: T.retry });
        retry.addEventListener('click', function () { m.state = 'sending'; render(); transmit(m); });
        meta.appendChild(retry);
      }
      li.appendChild(meta);
    }
    return li;
  }

  function render() {
    log.textContent = '';
    for (var i = 0; i < messages.length; i++) log.appendChild(renderMessage(messages[i]));
    body.scrollTop = body.scrollHeight;
  }

  function showChat() {
    view = 'chat';
    body.textContent = '';
    body.appendChild(log);
    composer.hidden = false;
    privacyBar.hidden = !(config && config.consent && config.consent.choices && config.consent.choices.length);
    render();
  }

  function showPrechat() {
    view = 'prechat';
    body.textContent = '';
    composer.hidden = true;
    privacyBar.hidden = true;
    var fields = (config && config.prechatFields) || ['name'];
    var inputs = [];
    var form = el('form', { class: 'prechat', novalidate: '' });
    form.appendChild(el('p', { text: T.intro }));
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      var input = el('input', { id: 'sigilo-' + f, name: f, type: f === 'email' ? 'email' : 'text', autocomplete: f === 'email' ? 'email' : 'name', required: '', maxlength: f === 'email' ? '254' : '80' });
      inputs.push(input);
      form.appendChild(el('label', { for: 'sigilo-' + f, text: T[f] }, [input]));
    }
    var choices = renderConsentChoices();
    for (var c = 0; c < choices.length; c++) form.appendChild(choices[c]);
    var privacy = el('a', { href: BASE + ((config && config.privacyUrl) || '/privacy'), target: '_blank', rel: 'noopener', text: T.privacy });
    form.appendChild(el('p', null, [privacy]));
    var problem = el('p', { class: 'error', role: 'alert' });
    form.appendChild(problem);
    form.appendChild(el('button', { type: 'submit', class: 'primary', text: T.start }));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      for (var j = 0; j < inputs.length; j++) {
        if (!inputs[j].value.trim()) {
          problem.textContent = T.required;
          inputs[j].setAttribute('aria-invalid', 'true');
          inputs[j].focus();
          return;
        }
      }
      var values = {};
      for (var k = 0; k < inputs.length; k++) values[inputs[k].name] = inputs[k].value.trim();
      name = values.name || '';
      send({ type: 'hello', name: name });
      // Sent even when nothing is ticked: the visitor saw the choices and left them unticked.
      var consentChoices = readChoices(form);
      for (var key in consentChoices) { send({ type: 'consent', choices: consentChoices, lang: LANG }); break; }
      save('prechat', '1');
      showChat();
      // An e-mail typed here is not an identity (nobody vouched for it): it goes in as a message,
      // masked and sealed like any other.
      if (values.email) queueMessage((T.email + ': ') + values.email);
      textarea.focus();
    });
    body.appendChild(form);
    if (inputs[0]) inputs[0].focus();
  }

  function showConnecting() {
    view = 'connecting';
    body.textContent = '';
    composer.hidden = true;
    setStatus(T.connecting);
    closeButton.focus();
  }

  function showCurrent() {
    if (load('prechat') === '1') { showChat(); textarea.focus(); } else showPrechat();
  }

  // ---- socket ---------------------------------------------------------------------------------
  function send(frame) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function connect() {
    clearTimeout(reconnectTimer);
    if (socket && socket.readyState <= 1) return;
    var url = BASE.replace(/^http/, 'ws') + '/webchat/socket?key=' + encodeURIComponent(KEY) + '&visitor=' + encodeURIComponent(VISITOR);
    try { socket = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    socket.onopen = function () {
      var hello = { type: 'hello', lang: LANG };
      if (name) hello.name = name;
      if (USER_EMAIL && USER_HASH) { hello.email = USER_EMAIL; hello.hash = USER_HASH; }
      send(hello);
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      onFrame(frame);
    };
    socket.onclose = function () {
      socket = null;
      if (config) setStatus(T.offline);
      scheduleReconnect();
    };
    socket.onerror = function () { /* onclose follows */ };
  }

  // Exponential backoff with jitter, capped at 30 s: a server restart is not hammered by every tab.
  function scheduleReconnect() {
    clearTimeout(reconnectTimer);
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt = Math.min(attempt + 1, 10);
    reconnectTimer = setTimeout(connect, delay);
  }

  function find(predicate) {
    for (var i = 0; i < messages.length; i++) if (predicate(messages[i])) return messages[i];
    return null;
  }

  function onFrame(frame) {
    switch (frame.type) {
      case 'ready':
        attempt = 0;
        config = frame;
        setStatus('');
        if (frame.returning) save('prechat', '1');
        if (needsReview()) setStatus(T.review);
        // Only the first connection picks the view; a reconnect must not wipe a half-filled form.
        if (isOpen && view === 'connecting') showCurrent();
        break;
      case 'history': {
        // The server's copy wins; messages still waiting for an ack are resent with the same id.
        var pending = messages.filter(function (m) { return !m.id && m.clientId; });
        messages = frame.messages.map(function (m) { return { id: m.id, direction: m.direction, text: m.text, state: m.state }; });
        for (var i = 0; i < pending.length; i++) { messages.push(pending[i]); transmit(pending[i]); }
        acknowledgeReceipt(frame.messages.filter(function (m) { return m.direction === 'outbound'; }).map(function (m) { return m.id; }));
        if (view === 'chat') render();
        break;
      }
      case 'message':
        if (!find(function (m) { return m.id === frame.id; })) {
          messages.push({ id: frame.id, direction: frame.direction, text: frame.text, state: frame.state });
          if (frame.direction === 'outbound') {
            announcer.textContent = T.agent + ': ' + frame.text;
            acknowledgeReceipt([frame.id]);
            if (!isOpen) { unread++; badge.textContent = String(unread); badge.hidden = false; launcher.setAttribute('aria-label', T.open + ' (' + unread + ' ' + T.unread + ')'); }
          }
          render();
        }
        break;
      case 'ack': {
        var sent = find(function (m) { return m.clientId === frame.clientId; });
        if (sent) { sent.id = frame.id; sent.state = 'sent'; render(); }
        break;
      }
      case 'consent': {
        if (config && config.consent) config.consent.choices = frame.choices || config.consent.choices;
        var labels = {};
        var offered = (config && config.consent && config.consent.choices) || [];
        for (var o = 0; o < offered.length; o++) labels[offered[o].purpose] = offered[o].label;
        var recorded = frame.recorded || [];
        for (var q = 0; q < recorded.length; q++) receipts.push({ url: recorded[q].receiptUrl, label: labels[recorded[q].purpose] || recorded[q].purpose });
        if (view === 'privacy') { showPrivacy(); setStatus(T.saved); announcer.textContent = T.saved; }
        else if (!needsReview() && statusLine.textContent === T.review) setStatus('');
        break;
      }
      case 'error': {
        var failed = frame.clientId && find(function (m) { return m.clientId === frame.clientId; });
        if (failed) { failed.state = 'failed'; render(); }
        setStatus(frame.code === 'message-too-large' ? T.tooLarge : frame.code === 'rate-limited' ? T.rateLimited : '');
        break;
      }
    }
  }

  function acknowledgeReceipt(ids) {
    if (ids.length) send({ type: 'received', ids: ids });
  }

  function transmit(m) {
    send({ type: 'message', clientId: m.clientId, text: m.text });
  }

  // Optimistic: the visitor sees their words at once; the ack (or a resend after reconnect) follows.
  function queueMessage(text) {
    var m = { clientId: randomId(12), direction: 'inbound', text: text, state: 'sending' };
    messages.push(m);
    render();
    transmit(m);
  }

  composer.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = textarea.value.trim();
    if (!text) return;
    textarea.value = '';
    queueMessage(text);
  });
  textarea.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit ? composer.requestSubmit() : composer.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  function open() {
    isOpen = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0;
    badge.hidden = true;
    launcher.setAttribute('aria-label', T.open);
    if (!config) showConnecting();
    else if (view === 'none' || view === 'connecting') showCurrent();
    else if (view === 'chat') textarea.focus();
    connect();
  }

  function close() {
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', function () { isOpen ? close() : open(); });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') close(); });

  function mount() {
    document.body.appendChild(host);
    // A returning visitor connects at once, so replies written while they were away arrive.
    if (load('prechat') === '1') connect();
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
