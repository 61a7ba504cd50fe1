/* The local platform's front-end client, served at /__fdk/client.js in place of {{{appclient}}}.
 * It implements the documented `client` API (docs/fdk-facts.md §5) against the dev server:
 *   app.initialized() -> client
 *   client.events.on('app.activated' | 'app.deactivated', cb)   (activated fires after initialisation;
 *     the host page may post { type: 'fdk-activate' | 'fdk-deactivate' } to the frame)
 *   client.data.get('currentHost' | 'ticket' | 'requester' | 'loggedInUser' | …) -> { <kind>: value }
 *   client.request.invoke(name, payload) -> { requestID, response } | rejects { requestID, status, message }
 *   client.request.invokeTemplate(name, { context, body, query }) -> { status, headers, response }
 *   client.iparams.get(name?) -> non-secure iparams
 *   client.interface.trigger('showNotify', { type, title?, message })  (a toast, and postMessage
 *     { type: 'fdk-notify', … } to the parent window)
 *   client.instance.resize({ height })  (postMessage { type: 'fdk-resize', height })
 *   client.instance.context() -> { instanceId, location }
 * Plain browser JavaScript; no third-party calls. The page's query string (e.g. ?ticket=12) is
 * passed to the data provider.
 */
/* global window, document, fetch, URL, setTimeout, console */
(function () {
  'use strict';
  if (window.app && window.app.__fdkLocal) return;

  var script = document.currentScript;
  var source = new URL(script && script.src ? script.src : '/__fdk/client.js', window.location.href);
  var base = source.origin;
  var location = source.searchParams.get('location') || 'unknown';
  var pageQuery = window.location.search;
  var instanceId = 'local-' + Math.random().toString(36).slice(2, 10);
  var listeners = { 'app.activated': [], 'app.deactivated': [] };
  var active = false;

  function post(message) {
    if (window.parent && window.parent !== window) window.parent.postMessage(message, '*');
  }

  function call(method, path, body) {
    var init = { method: method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed;
        try {
          parsed = text ? JSON.parse(text) : {};
        } catch {
          parsed = { status: response.status, message: text };
        }
        if (response.ok) return parsed;
        if (parsed && typeof parsed === 'object' && parsed.status === undefined) parsed.status = response.status;
        throw parsed;
      });
    });
  }

  function fire(name) {
    (listeners[name] || []).forEach(function (callback) {
      try {
        callback({ type: name });
      } catch (error) {
        console.error('[fdk-client] ' + name + ' listener failed', error);
      }
    });
  }

  function toast(options) {
    var box = document.createElement('div');
    var kind = String(options.type || 'info');
    var colours = { success: '#2e7d32', danger: '#c62828', error: '#c62828', warning: '#ef6c00', alert: '#ef6c00', info: '#1565c0' };
    box.setAttribute('role', 'status');
    box.setAttribute('data-fdk-notify', kind);
    box.style.cssText = 'position:fixed;left:8px;right:8px;bottom:8px;z-index:2147483647;padding:8px 10px;border-radius:4px;' +
      'font:13px/1.4 sans-serif;color:#fff;box-shadow:0 2px 6px rgba(0,0,0,.3);background:' + (colours[kind] || colours.info);
    if (options.title) {
      var title = document.createElement('strong');
      title.textContent = String(options.title) + ' ';
      box.appendChild(title);
    }
    box.appendChild(document.createTextNode(String(options.message || '')));
    (document.body || document.documentElement).appendChild(box);
    setTimeout(function () {
      if (box.parentNode) box.parentNode.removeChild(box);
    }, 4000);
  }

  var client = {
    events: {
      on: function (name, callback) {
        if (!listeners[name]) listeners[name] = [];
        listeners[name].push(callback);
        if (name === 'app.activated' && active) {
          setTimeout(function () {
            callback({ type: name });
          }, 0);
        }
      },
    },
    data: {
      get: function (kind) {
        return call('GET', '/__fdk/data/' + encodeURIComponent(kind) + pageQuery);
      },
    },
    request: {
      invoke: function (name, payload) {
        return call('POST', '/__fdk/smi/' + encodeURIComponent(name), payload === undefined ? {} : payload);
      },
      invokeTemplate: function (name, options) {
        var body = Object.assign({}, options || {}, { location: location });
        return call('POST', '/__fdk/template/' + encodeURIComponent(name), body);
      },
    },
    iparams: {
      get: function (name) {
        return call('GET', '/__fdk/iparams').then(function (all) {
          if (name === undefined) return all;
          var one = {};
          one[name] = all[name];
          return one;
        });
      },
    },
    interface: {
      trigger: function (action, options) {
        if (location === 'installation') return Promise.reject({ status: 400, message: 'client.interface is not available on the installation page' });
        if (action !== 'showNotify') return Promise.reject({ status: 400, message: 'The local platform supports only showNotify, not ' + action });
        var notice = options || {};
        toast(notice);
        post({ type: 'fdk-notify', notifyType: notice.type, title: notice.title, message: notice.message, location: location });
        return Promise.resolve({ message: 'success' });
      },
    },
    instance: {
      resize: function (size) {
        post({ type: 'fdk-resize', height: size && size.height, location: location });
        return Promise.resolve();
      },
      context: function () {
        return Promise.resolve({ instanceId: instanceId, location: location });
      },
    },
  };

  window.addEventListener('message', function (event) {
    var message = event.data || {};
    if (message.type === 'fdk-activate' && !active) {
      active = true;
      fire('app.activated');
    } else if (message.type === 'fdk-deactivate' && active) {
      active = false;
      fire('app.deactivated');
    }
  });

  window.app = {
    __fdkLocal: true,
    initialized: function () {
      // Activated listeners registered from now on fire once, asynchronously (see events.on).
      active = true;
      return Promise.resolve(client);
    },
  };
})();
