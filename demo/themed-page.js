// The themed demo: Acme Health, a fictional telehealth brand, dresses every Lifeline element
// from outside (tokens, ::part rules and slots, in themed.css and themed.html) and offers
// language, colour scheme and direction. The view lives in the query
// (`?lang=de&theme=dark&dir=rtl&room=…&name=…`), so a link reproduces it.
import '/dist/lifeline.min.js';
// The German table is not in the single-file bundle; the reference server serves it from the build.
import { germanStrings } from '/build/components/strings/de.js';

/** Each choice and its values; the first is the default, left out of the URL. */
const CHOICES = { lang: ['en', 'de'], theme: ['auto', 'light', 'dark'], dir: ['ltr', 'rtl'] };

/** The page's own texts; the elements' come from their `strings`. */
const PAGE_TEXT = {
  en: {
    title: 'Acme Health · Video consult',
    tagline: 'Telehealth consult',
    language: 'Language',
    theme: 'Colours',
    themeAuto: 'Automatic',
    themeLight: 'Light',
    themeDark: 'Dark',
    direction: 'Direction',
    ltr: 'Left to right',
    rtl: 'Right to left',
    joinTitle: 'Join your consult',
    room: 'Consult code',
    name: 'Your name',
    join: 'Join',
    consultTitle: 'Your consult',
    waiting: 'Your clinician will join in a moment. Please keep this window open.',
    checksTitle: 'Check your microphone and connection',
    footer: "Acme Health is a fictional brand: this page restyles Lifeline's elements from outside, without changing them.",
    back: 'Back to the plain call page',
  },
  de: {
    title: 'Acme Health · Videosprechstunde',
    tagline: 'Videosprechstunde',
    language: 'Sprache',
    theme: 'Farben',
    themeAuto: 'Automatisch',
    themeLight: 'Hell',
    themeDark: 'Dunkel',
    direction: 'Schreibrichtung',
    ltr: 'Links nach rechts',
    rtl: 'Rechts nach links',
    joinTitle: 'Zur Sprechstunde',
    room: 'Sprechstunden-Code',
    name: 'Ihr Name',
    join: 'Beitreten',
    consultTitle: 'Ihre Sprechstunde',
    waiting: 'Ihre Ärztin oder Ihr Arzt kommt gleich dazu. Bitte lassen Sie dieses Fenster geöffnet.',
    checksTitle: 'Mikrofon und Verbindung prüfen',
    footer: 'Acme Health ist eine erfundene Marke: Diese Seite gestaltet die Lifeline-Elemente von außen um, ohne sie zu ändern.',
    back: 'Zurück zur einfachen Gesprächsseite',
  },
};

const params = new URLSearchParams(location.search);
const room = params.get('room');
const name = params.get('name');
const view = Object.fromEntries(Object.entries(CHOICES).map(([key, values]) => [key, values.includes(params.get(key)) ? params.get(key) : values[0]]));
const viewForm = document.getElementById('view');
const joinForm = document.getElementById('join-form');

/** Puts the view on the page, its controls, the join form's hidden fields and every element. */
function apply() {
  const root = document.documentElement;
  root.lang = view.lang;
  root.dir = view.dir;
  root.dataset.theme = view.theme;
  const text = PAGE_TEXT[view.lang];
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = text[node.dataset.text];
  document.title = room && name ? `${name} · ${text.title}` : text.title;
  for (const [key, value] of Object.entries(view)) {
    viewForm.elements[key].value = value;
    joinForm.elements[key].value = value;
  }
  const strings = view.lang === 'de' ? germanStrings : null;
  const theme = view.theme === 'auto' ? undefined : view.theme;
  for (const element of document.querySelectorAll('video-call, sound-check, ice-probe')) {
    element.strings = strings;
    element.theme = theme;
  }
}

/** The query with the view's non-default choices, the room and name kept. */
function updateUrl() {
  const query = new URLSearchParams(location.search);
  for (const [key, values] of Object.entries(CHOICES)) {
    if (view[key] === values[0]) query.delete(key);
    else query.set(key, view[key]);
  }
  const search = String(query);
  history.replaceState(null, '', search ? `?${search}` : location.pathname);
}

viewForm.addEventListener('change', (event) => {
  const { name, value } = event.target;
  if (!(name in CHOICES) || !CHOICES[name].includes(value)) return;
  view[name] = value;
  apply();
  updateUrl();
});
// The choices apply as they change: there is nothing to submit.
viewForm.addEventListener('submit', (event) => event.preventDefault());

if (room && name) {
  const call = document.getElementById('video-call');
  // The server's ICE config (STUN, TURN with short-lived credentials), as on the call page.
  call.iceConfigUrl = '/lifeline/ice-config';
  call.displayName = name;
  call.room = room;
  document.getElementById('consult').hidden = false;
} else {
  document.getElementById('join').hidden = false;
  if (room) joinForm.elements.room.value = room;
  document.getElementById('checks').open = true;
}
apply();
