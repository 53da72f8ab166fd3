// Progressive enhancement for the public site. Without JavaScript every page still works: maps
// are listed as places with addresses and map links, a slideshow shows its first photo.

// The home page's slideshow: one photo after another every 6 s, with a pause button (WCAG 2.2.2);
// still for visitors who ask for reduced motion until they press play.
(() => {
  for (const list of document.querySelectorAll('.hero-slides[data-slideshow]')) {
    const slides = [...list.children];
    if (slides.length < 2) continue;
    let labels;
    try {
      labels = JSON.parse(list.getAttribute('data-slideshow'));
    } catch {
      continue;
    }
    let index = 0;
    let timer = null;
    const show = (next) => {
      slides[index].removeAttribute('data-current');
      index = next;
      slides[index].setAttribute('data-current', '');
    };
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'hero-pause';
    const play = () => {
      timer = setInterval(() => show((index + 1) % slides.length), 6000);
      button.textContent = labels.pause;
    };
    const pause = () => {
      clearInterval(timer);
      timer = null;
      button.textContent = labels.play;
    };
    button.addEventListener('click', () => (timer ? pause() : play()));
    list.classList.add('is-slideshow');
    list.after(button);
    if (window.matchMedia('(prefers-reduced-motion: reduce)').matches) pause();
    else play();
  }
})();

// Maps: each .map[data-map] becomes a Leaflet map. Leaflet (most of a page's bytes) is fetched
// only when a map is about to scroll into view.
(() => {
  const maps = [...document.querySelectorAll('.map[data-map]')];
  if (maps.length === 0) return;
  const escapeHtml = (text) =>
    String(text).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  const read = (element) => {
    try {
      return JSON.parse(element.getAttribute('data-map'));
    } catch {
      return null;
    }
  };

  let leaflet;
  const loadLeaflet = (urls) => {
    leaflet ??= new Promise((resolve, reject) => {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = urls.css;
      document.head.append(css);
      const script = document.createElement('script');
      script.src = urls.js;
      script.onload = () => resolve(window.L);
      script.onerror = reject;
      document.head.append(script);
    });
    return leaflet;
  };

  const draw = (L, element, data) => {
    element.classList.remove('map-waiting');
    const map = L.map(element, { scrollWheelZoom: false, zoomControl: false });
    L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: escapeHtml(data.attribution) }).addTo(map);
    const points = [];
    const markers = [];
    data.places.forEach((place, index) => {
      const point = [place.lat, place.lng];
      points.push(point);
      // Course maps number their pins like the stop list below them.
      const label = data.route ? `${index + 1}. ${place.name}` : place.name;
      const icon = data.route
        ? L.divIcon({
            className: 'map-pin',
            html: `<span aria-hidden="true">${index + 1}</span>`,
            iconSize: [32, 32],
            iconAnchor: [16, 16],
            popupAnchor: [0, -16],
          })
        : new L.Icon.Default();
      const marker = L.marker(point, { icon, alt: label, title: label, keyboard: true }).addTo(map);
      markers.push([marker, label]);
      marker.bindPopup(
        place.url ? `<a href="${escapeHtml(place.url)}">${escapeHtml(label)}</a>` : escapeHtml(label),
      );
    });
    if (data.route && points.length > 1) {
      L.polyline(points, {
        color: getComputedStyle(document.documentElement).getPropertyValue('--primary') || '#0b5394',
        weight: 4,
        dashArray: '8 6',
      }).addTo(map);
    }
    if (points.length === 1) map.setView(points[0], 15);
    else map.fitBounds(points, { padding: [30, 30], maxZoom: 16 });
    // Marker elements exist once the map has a view; a numbered pin is named by its stop.
    for (const [marker, label] of markers) marker.getElement()?.setAttribute('aria-label', label);
  };

  const start = (element) => {
    const data = read(element);
    if (!data?.places?.length) return;
    loadLeaflet(data.leaflet).then(
      (L) => draw(L, element, data),
      () => {
        element.hidden = true;
      },
    );
  };

  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => {
            for (const entry of entries) {
              if (!entry.isIntersecting) continue;
              observer.unobserve(entry.target);
              start(entry.target);
            }
          },
          { rootMargin: '300px 0px' },
        )
      : null;
  for (const element of maps) {
    // Shown (as an empty frame of the map's size) only now that a script will fill it.
    element.hidden = false;
    element.classList.add('map-waiting');
    if (observer) observer.observe(element);
    else start(element);
  }
})();
