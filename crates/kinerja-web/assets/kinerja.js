// Kinerja's own script, the only one besides htmx; every page works without it.
// A form marked data-busy shows its "reading…" line while the server works on the upload (a
// scan's OCR takes seconds a page), and its button is not pressed twice.
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.matches('[data-busy]')) return;
  form.classList.add('busy');
  for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = true;
});
// A page brought back from the browser's cache is no longer busy.
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form.busy')) {
    form.classList.remove('busy');
    for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = false;
  }
});
