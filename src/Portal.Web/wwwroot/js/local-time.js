// Times are rendered in UTC on the server (it does not know the viewer's zone); this shows them in the viewer's own.
(() => {
  const formats = {
    datetime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    date: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
  };
  const localize = (root) => {
    for (const el of root.querySelectorAll('time[data-local]')) {
      const when = new Date(el.getAttribute('datetime'));
      if (Number.isNaN(when.getTime())) continue;
      el.title = el.title || el.textContent;
      el.textContent = (formats[el.dataset.local] || formats.datetime).format(when);
      el.removeAttribute('data-local');
    }
  };
  document.addEventListener('DOMContentLoaded', () => localize(document));
  document.addEventListener('htmx:load', (e) => localize(e.target));
})();
