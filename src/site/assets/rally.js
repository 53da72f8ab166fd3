// Stamp rally: a location check-in reads the phone's position into the form before sending it.
// Only location checkpoints load this file; without it the form is sent without a position and
// the server answers which permission is missing, in the visitor's language.
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
