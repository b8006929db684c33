// Follows the operating system's light/dark preference, now and when it changes.
(() => {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => document.documentElement.setAttribute('data-bs-theme', query.matches ? 'dark' : 'light');
  apply();
  query.addEventListener('change', apply);
})();
