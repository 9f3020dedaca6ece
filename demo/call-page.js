// The demo call page: `/?room=demo&name=Ada` joins the room at once; without a room it shows a
// small form. `&mode=direct` lists the others with a button to ring each; `&org=` picks the
// organisation whose ICE config the server hands out. `&token=` is an invitation's join token; on a
// server with tokens and its dev-token endpoint on, the page gets one for itself. `&prejoin=1`
// greets the person with the pre-join screen (preview, devices, level), which asks their name
// when the link gives none.
import '/dist/lifeline.min.js';

const params = new URLSearchParams(location.search);
const room = params.get('room');
const name = params.get('name');
const mode = params.get('mode') === 'direct' ? 'direct' : 'room';
const prejoin = params.get('prejoin') === '1';

if (!room || (!name && !prejoin)) {
  const form = document.getElementById('join-form');
  form.hidden = false;
  document.getElementById('check').hidden = false;
  if (room) form.elements.room.value = room;
} else {
  document.title = name ? `${name} in ${room} · Lifeline` : `${room} · Lifeline`;
  const call = document.getElementById('video-call');
  call.prejoin = prejoin;
  await useAccess(call, room, name ?? '');
  call.mode = mode;
  // The server's ICE config (STUN, TURN with short-lived credentials) for `&org=`, or its default.
  call.iceConfigUrl = `/lifeline/ice-config${params.get('org') ? `?org=${encodeURIComponent(params.get('org'))}` : ''}`;
  call.displayName = name ?? '';
  call.room = room;
  document.getElementById('call').hidden = false;
  if (mode === 'direct') showDirectory(call);
}

function showDirectory(call) {
  const list = document.getElementById('people');
  document.getElementById('directory').hidden = false;
  const render = () => {
    const people = call.engine?.participants ?? [];
    list.replaceChildren(
      ...people.map((person) => {
        const item = document.createElement('li');
        item.textContent = person.name || person.id;
        const ring = document.createElement('button');
        ring.textContent = 'Call';
        ring.addEventListener('click', () => call.ring(person.id).catch((error) => alert(error.message)));
        item.append(ring);
        return item;
      }),
    );
  };
  call.addEventListener('lifeline-participant-joined', render);
  call.addEventListener('lifeline-participant-left', render);
}

/** Sets the element's token: the invitation's, a dev token where the server mints them, or none in open mode (and says so). */
async function useAccess(call, room, name) {
  const info = await fetch('/lifeline/server-info').then(
    (r) => r.json(),
    () => ({ tokens: false }),
  );
  document.getElementById('open-mode').hidden = info.tokens;
  const token = params.get('token');
  if (token) {
    call.token = token;
    call.participantId = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
  } else if (info.tokens && info.devTokens) {
    const sub = crypto.randomUUID();
    call.participantId = sub;
    // `&role=guest` joins as a guest; `&waitingRoom=1` locks the room, so guests knock (try it with two tabs).
    const role = params.get('role') === 'guest' ? 'guest' : 'host';
    const waitingRoom = params.get('waitingRoom') === '1' ? { waitingRoom: '1' } : {};
    // Asked at join time: the name may come from the pre-join screen.
    const query = () => new URLSearchParams({ room, sub, name: call.displayName || name, role, record: '1', ...waitingRoom });
    call.tokenProvider = () =>
      fetch(`/lifeline/dev-token?${query()}`)
        .then((r) => r.json())
        .then((answer) => answer.token);
  }
}
