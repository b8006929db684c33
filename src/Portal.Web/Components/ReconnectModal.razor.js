// Drives the reconnect banner from Blazor's reconnection states; reloads the page once a restarted portal answers.
const banner = document.getElementById('components-reconnect-modal');
const text = document.getElementById('components-reconnect-text');

const say = message => { text.textContent = message; };

async function reloadWhenPortalAnswers() {
  for (;;) {
    try {
      const response = await fetch('/healthz', { cache: 'no-store' });
      if (response.ok) { location.reload(); return; }
    } catch { /* still down */ }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

banner?.addEventListener('components-reconnect-state-changed', event => {
  const state = event.detail.state;
  switch (state) {
    case 'show':
    case 'retrying':
      banner.classList.add('visible');
      say('Connection to the portal lost. Reconnecting…');
      break;
    case 'hide':
      banner.classList.remove('visible');
      break;
    case 'failed':
    case 'resume-failed':
      banner.classList.add('visible');
      say('The portal is not answering. This page reloads itself when it is back.');
      reloadWhenPortalAnswers();
      break;
    case 'rejected':
      // The portal restarted and no longer knows this page's session: load it again.
      say('The portal restarted. Reloading…');
      location.reload();
      break;
  }
});
