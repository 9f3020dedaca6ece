// Which media kinds a session description would send, as the server reads it to enforce a join
// token's publish grant: every direction form browsers write, rejected m-lines and the session level.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sentKinds, unpermittedKinds } from '../../build/server/publish-grant.js';

const sdp = (...lines) => ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines, ''].join('\r\n');

test('reads what each m-line sends from its direction, sendrecv when none is written', () => {
  assert.deepEqual([...sentKinds(sdp('m=audio 9 RTP/SAVPF 111', 'a=sendrecv', 'm=video 9 RTP/SAVPF 96', 'a=recvonly'))], ['audio']);
  assert.deepEqual([...sentKinds(sdp('m=audio 9 RTP/SAVPF 111', 'a=inactive', 'm=video 9 RTP/SAVPF 96', 'a=sendonly'))], ['video']);
  assert.deepEqual([...sentKinds(sdp('m=audio 9 RTP/SAVPF 111', 'm=video 9 RTP/SAVPF 96'))].sort(), ['audio', 'video']);
  assert.deepEqual(
    [...sentKinds(sdp('a=recvonly', 'm=audio 9 RTP/SAVPF 111', 'm=video 9 RTP/SAVPF 96', 'a=sendrecv'))],
    ['video'],
    'a session-level direction, overridden per m-line',
  );
  assert.deepEqual([...sentKinds(sdp('m=video 0 RTP/SAVPF 96', 'a=sendrecv'))], [], 'a rejected m-line (port 0) sends nothing');
  assert.deepEqual([...sentKinds('m=audio 9 RTP/SAVPF 111\na=sendrecv\n')], ['audio'], 'bare newlines too');
});

test('a kind outside the grant is named; screen allows video, data channels are not media', () => {
  const both = sdp('m=audio 9 RTP/SAVPF 111', 'a=sendrecv', 'm=video 9 RTP/SAVPF 96', 'a=sendrecv', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel');
  assert.deepEqual(unpermittedKinds(both, ['audio']), ['video']);
  assert.deepEqual(unpermittedKinds(both, ['audio', 'screen']), []);
  assert.deepEqual(unpermittedKinds(both, []), ['audio', 'video']);
  assert.deepEqual(unpermittedKinds(both, ['audio', 'video']), []);
});
