// The viewer's preferences the server cannot see: the browser's time zone, and cookies that carry both to the
// next page load, so the first paint is already in the right zone and theme.
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}

export function remember(name, value) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}
