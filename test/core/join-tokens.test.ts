import { expect, fixture, html } from '@open-wc/testing';
import '../../components/define.js';
import type { VideoCall } from '../../components/index.js';
import { RecordingSession, type CallEngineOptions, type IceConfigInfo } from '../../src/index.js';
import { tokenExpiry } from '../../src/access/token-source.js';
import { EngineFactory, waitForPeers } from '../helpers/engines.js';
import { devToken, sleep, testEnv, uniqueRoom, waitFor } from '../helpers/test-env.js';

// The SDK against a reference server with join tokens on: joining, the name the room hears,
// typed refusals, a provider asked again before its token expires, and the endpoints a token opens.

describe('join tokens', () => {
  const engines = new EngineFactory({ signalingUrl: testEnv.tokenSignalingUrl, media: { audio: true, video: false } });
  const make = (options: CallEngineOptions) => engines.create(options);
  afterEach(() => engines.destroyAll());

  it('joins with a token and a token provider, and the room hears the names the tokens carry', async () => {
    const room = uniqueRoom('tokens');
    const ada = make({ participantId: 'ada', displayName: 'typed by Ada', token: await devToken({ room, sub: 'ada', name: 'Dr. Ada', role: 'host' }) });
    const bob = make({ participantId: 'bob', displayName: 'typed by Bob', tokenProvider: () => devToken({ room, sub: 'bob', name: 'Bob B.' }) });
    await ada.join(room);
    await bob.join(room);
    await waitForPeers(ada, ['bob']);
    expect(ada.participants.map((p) => p.name)).to.deep.equal(['Bob B.']);
    await waitFor(() => bob.participants[0]?.name === 'Dr. Ada', "Bob hears the host by her token's name");
  });

  it("refuses a join without a token, with an expired one or with someone else's, each with its code", async () => {
    const room = uniqueRoom('tokens');
    const codes: string[] = [];
    for (const options of [
      {},
      { token: await devToken({ room, sub: 'ada', ttl: -120 }) },
      { token: await devToken({ room, sub: 'bob' }) },
      { tokenProvider: () => Promise.reject(new Error('backend down')) },
    ]) {
      const engine = make({ participantId: 'ada', ...options });
      codes.push(
        await engine.join(room).then(
          () => 'joined',
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(codes).to.deep.equal(['token_missing', 'token_expired', 'token_wrong_participant', 'token_missing']);
  });

  it('asks its provider again shortly before the token expires, and a reconnect after that presents the new one', async function () {
    this.timeout(30_000);
    const room = uniqueRoom('tokens');
    const issued: string[] = [];
    // Valid for 62 s: the engine replaces it 60 s before its expiry, so about 2 s after the join.
    const tokenProvider = async () => {
      const token = await devToken({ room, sub: 'ada', ttl: 62 });
      issued.push(token);
      return token;
    };
    const ada = make({ participantId: 'ada', tokenProvider });
    await ada.join(room);
    await waitFor(() => issued.length >= 2, 'a second token before the first expires', 10_000);
    expect(tokenExpiry(issued[1])! - tokenExpiry(issued[0])!).to.be.at.least(1_000);
    expect(ada.token).to.equal(issued.at(-1));
    // The connection drops: the server checks the token again, and it is the fresh one.
    const socket = (ada as unknown as { link: { transport: { socket: { io: { engine: { close(): void } }; auth: { token: string } } } } }).link.transport
      .socket;
    expect(socket.auth.token).to.equal(issued.at(-1));
    socket.io.engine.close();
    await waitFor(() => ada.state === 'waiting' && issued.length >= 2, 'back in the room');
    await sleep(500);
    expect(ada.state).to.equal('waiting');
  });

  it('fetches TURN credentials with its token, and records with the record grant (a guest without it cannot)', async () => {
    const room = uniqueRoom('tokens');
    const infos: IceConfigInfo[] = [];
    const ada = make({
      participantId: 'ada',
      iceConfigUrl: `${testEnv.tokenSignalingUrl}/lifeline/ice-config?user=mallory`,
      token: await devToken({ room, sub: 'ada', record: true }),
    });
    ada.on('ice-config', (info) => infos.push(info));
    await ada.join(room);
    // Without the token the server answers 401 and, with no inline fallback, the join would fail.
    expect(infos.at(-1)?.source).to.equal('url');
    const session = await RecordingSession.call(ada, { sinkUrl: `${testEnv.tokenSignalingUrl}/lifeline/recordings`, chunkMs: 1_000 });
    await sleep(1_500);
    await session.stop();
    const manifest = await session.delivered();
    expect(manifest.startedBy).to.deep.equal({ id: 'ada' });

    const guest = make({ participantId: 'bob', token: await devToken({ room, sub: 'bob' }) });
    await guest.join(room);
    const refused = await RecordingSession.call(guest, { sinkUrl: `${testEnv.tokenSignalingUrl}/lifeline/recordings` }).then(
      () => 'started',
      (error: { code: string }) => error.code,
    );
    expect(refused).to.equal('recording_failed');
  });

  it('<video-call> joins with its token attribute', async () => {
    const room = uniqueRoom('tokens');
    const token = await devToken({ room, sub: 'ada', name: 'Dr. Ada' });
    const el = await fixture<VideoCall>(
      html`<video-call room=${room} participant-id="ada" signaling-url=${testEnv.tokenSignalingUrl} token=${token} auto-join></video-call>`,
    );
    await waitFor(() => el.state === 'waiting', 'the element in the room');
    el.remove();
  });
});
