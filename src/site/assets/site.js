// Progressive enhancement for the public site: turns each .map[data-map] into a Leaflet map.
// Without JavaScript or tiles the page still lists the places with addresses and map links.
(() => {
  const L = window.L;
  if (!L) return;
  const escapeHtml = (text) =>
    String(text).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  for (const element of document.querySelectorAll('.map[data-map]')) {
    let data;
    try {
      data = JSON.parse(element.getAttribute('data-map'));
    } catch {
      continue;
    }
    if (!data.places || data.places.length === 0) continue;
    element.hidden = false;
    const map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: escapeHtml(data.attribution) }).addTo(map);
    const points = [];
    data.places.forEach((place, index) => {
      const point = [place.lat, place.lng];
      points.push(point);
      const label = data.route ? `${index + 1}. ${place.name}` : place.name;
      const marker = L.marker(point, { alt: label, title: label, keyboard: true }).addTo(map);
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
  }
})();
