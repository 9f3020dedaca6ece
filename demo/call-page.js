// The demo call page: `/?room=demo&name=Ada` joins the room at once; without a room it shows a
// small form. `&mode=direct` lists the others with a button to ring each; `&org=` picks the
// organisation whose ICE config the server hands out.
import '/dist/lifeline.min.js';

const params = new URLSearchParams(location.search);
const room = params.get('room');
const name = params.get('name');
const mode = params.get('mode') === 'direct' ? 'direct' : 'room';

if (!room || !name) {
  const form = document.getElementById('join-form');
  form.hidden = false;
  document.getElementById('check').hidden = false;
  if (room) form.elements.room.value = room;
} else {
  document.title = `${name} in ${room} · Lifeline`;
  const call = document.getElementById('video-call');
  call.mode = mode;
  // The server's ICE config (STUN, TURN with short-lived credentials) for `&org=`, or its default.
  call.iceConfigUrl = `/lifeline/ice-config${params.get('org') ? `?org=${encodeURIComponent(params.get('org'))}` : ''}`;
  call.displayName = name;
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
