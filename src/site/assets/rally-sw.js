// Stamp rally service worker, scoped to one campaign's pages in one language
// (/s/{code}/{lang}/rally/{slug}/). On poor mobile data the campaign top and the stamp card come
// from the network when they can and from the copy saved on this phone when they cannot; a saved
// copy shows its note ("saved copy of …", rendered hidden by the server, unhidden here).
// Everything else (check-ins, forms, other sites, map tiles) goes to the network untouched.
const CACHE = 'mitte-rally-v1';
const scope = new URL(self.registration.scope);
const SAVED = new Set([scope.pathname, `${scope.pathname}card`]);

self.addEventListener('install', (event) => {
  // The pages are saved as the visitor sees them (with their own cookie), not pre-fetched here.
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((n) => n.startsWith('mitte-rally-') && n !== CACHE).map((n) => caches.delete(n)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** The saved page with its note shown: the server renders it hidden, for this case only. */
async function savedCopy(response) {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.set('content-type', 'text/html; charset=utf-8');
  return new Response(
    text.replace('<p class="rally-offline" hidden>', '<p class="rally-offline" role="status">'),
    {
      status: 200,
      headers,
    },
  );
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  if (request.mode === 'navigate' && SAVED.has(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
          }
          return response;
        })
        .catch(async () => {
          const saved = await caches.match(url.pathname, { cacheName: CACHE });
          if (saved) return savedCopy(saved);
          throw new TypeError('offline and no saved copy');
        }),
    );
    return;
  }
  // The saved pages' style sheet and icon: versioned URLs, so a saved copy never goes stale.
  if (url.pathname.startsWith('/site-assets/') && /\.(css|svg)$/.test(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => {
        const saved = await cache.match(request);
        if (saved) return saved;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      }),
    );
  }
});
