// Stamp rally: a location check-in reads the phone's position into the form before sending it;
// without this file the form is sent without a position and the server answers which permission
// is missing, in the visitor's language.
(() => {
  for (const form of document.querySelectorAll('form[data-rally-location]')) {
    form.addEventListener('submit', (event) => {
      if (form.dataset.located === 'yes' || !navigator.geolocation) return;
      event.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      const send = () => {
        form.dataset.located = 'yes';
        form.submit();
      };
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.elements.lat.value = String(position.coords.latitude);
          form.elements.lng.value = String(position.coords.longitude);
          form.elements.accuracy.value = String(position.coords.accuracy);
          send();
        },
        send,
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
      );
    });
  }
})();

// The campaign's service worker keeps its top page and the stamp card readable offline (the
// manifest link names it; its scope is the campaign's pages in this language).
(() => {
  const link = document.querySelector('link[rel="manifest"][data-service-worker]');
  if (!link || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(link.dataset.serviceWorker).catch(() => {});
})();
