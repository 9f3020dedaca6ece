import { expect } from '@open-wc/testing';
import { IceConfigSource, type IceConfig, type IceConfigSourceOptions } from '../../src/index.js';
import { FakeClock } from '../helpers/fake-clock.js';

// The resolution and refresh logic on a fake clock and a scripted endpoint; the real endpoint
// and coturn are in turn-relay.test.ts.

const TURN = { urls: 'turn:turn.example.org:3478', username: '1:u', credential: 'c' };
const issued = (username: string, ttlSeconds = 100): IceConfig => ({ turn: [{ ...TURN, username }], icePolicy: 'relay', ttlSeconds });

class Scripted extends FakeClock {
  requests: URL[] = [];
  answers: (IceConfig | number | Error)[] = [];

  options(extra: Partial<IceConfigSourceOptions> = {}): IceConfigSourceOptions {
    return {
      url: 'https://tenant.example.org/lifeline/ice-config?org=acme',
      user: 'ada',
      ...this.timing,
      fetch: async (input) => {
        this.requests.push(new URL(String(input)));
        const answer = this.answers.shift() ?? 503;
        if (answer instanceof Error) throw answer;
        if (typeof answer === 'number') return new Response('', { status: answer });
        return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
      },
      ...extra,
    };
  }
}

const username = (rtc: RTCConfiguration) => rtc.iceServers?.[0]?.username;

describe('IceConfigSource', () => {
  it('uses the inline config as it is when there is no URL, and never fetches', async () => {
    const clock = new Scripted();
    const source = new IceConfigSource(clock.options({ url: undefined, inline: { stun: ['stun:stun.example.org'] } }));
    const rtc = await source.start();
    expect(rtc.iceServers).to.deep.equal([{ urls: 'stun:stun.example.org' }]);
    expect(source.info).to.deep.equal({ source: 'inline', expiresAt: null });
    expect(clock.requests).to.have.length(0);
    expect(clock.timers).to.have.length(0);
  });

  it('fetches the tenant config with the participant as TURN user, and refreshes at three quarters of its lifetime', async () => {
    const clock = new Scripted();
    clock.answers = [issued('first'), issued('second')];
    const source = new IceConfigSource(clock.options());
    const changes: string[] = [];
    source.on('change', (rtc) => changes.push(String(username(rtc))));
    expect(username(await source.start())).to.equal('first');
    expect(clock.requests[0].searchParams.get('user')).to.equal('ada');
    expect(clock.requests[0].searchParams.get('org')).to.equal('acme');
    expect(source.info).to.deep.equal({ source: 'url', expiresAt: clock.now + 100_000 });

    await clock.advance(74_000);
    expect(clock.requests).to.have.length(1);
    await clock.advance(1_000);
    expect(clock.requests).to.have.length(2);
    expect(changes).to.deep.equal(['second']);
    expect(username(source.rtcConfiguration)).to.equal('second');
  });

  it('falls back to the inline config when the URL fails, says so, and takes the URL once it answers', async () => {
    const clock = new Scripted();
    clock.answers = [500, issued('late')];
    const source = new IceConfigSource(clock.options({ inline: { stun: ['stun:fallback.example.org'] } }));
    const errors: string[] = [];
    source.on('error', (error) => errors.push(`${error.code}: ${error.message}`));
    const rtc = await source.start();
    expect(rtc.iceServers).to.deep.equal([{ urls: 'stun:fallback.example.org' }]);
    expect(source.info?.source).to.equal('inline');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/^ice_config_unavailable: .*HTTP 500/);

    await clock.advance(30_000);
    expect(source.info?.source).to.equal('url');
    expect(username(source.rtcConfiguration)).to.equal('late');
  });

  it('refuses to join with ice_config_unavailable when the URL fails and there is no fallback', async () => {
    const clock = new Scripted();
    clock.answers = [new TypeError('Failed to fetch')];
    const error = await new IceConfigSource(clock.options()).start().catch((e) => e);
    expect(error).to.have.property('code', 'ice_config_unavailable');
    expect(error.message).to.contain('Failed to fetch');
  });

  it('treats a malformed answer as a failed fetch, naming the entry', async () => {
    const clock = new Scripted();
    clock.answers = [{ turn: [{ urls: 'http://not-turn', username: 'u', credential: 'c' }] }];
    const error = await new IceConfigSource(clock.options()).start().catch((e) => e);
    expect(error).to.have.property('code', 'ice_config_unavailable');
    expect(error.message).to.contain('iceConfig.turn[0]');
  });

  it('rejects a malformed inline config at once, before any fetch', () => {
    const clock = new Scripted();
    expect(() => new IceConfigSource(clock.options({ inline: { icePolicy: 'relay' } }))).to.throw(/needs at least one TURN server/);
    expect(clock.requests).to.have.length(0);
  });

  it('before a restart, fetches once for a burst of restarts, and not at all while the credentials are new', async () => {
    const clock = new Scripted();
    clock.answers = [issued('first'), issued('second')];
    const source = new IceConfigSource(clock.options());
    await source.start();
    await source.freshen();
    expect(clock.requests, 'credentials a moment old are used as they are').to.have.length(1);

    await clock.advance(20_000);
    await Promise.all([source.freshen(), source.freshen(), source.freshen()]);
    expect(clock.requests).to.have.length(2);
    expect(username(source.rtcConfiguration)).to.equal('second');
  });

  it('keeps the current credentials while a refresh fails, retries, and falls back once they have expired', async () => {
    const clock = new Scripted();
    clock.answers = [issued('first'), 503, 503, 503, 503, 503, 503];
    const source = new IceConfigSource(clock.options({ inline: { stun: ['stun:fallback.example.org'] } }));
    const errors: string[] = [];
    source.on('error', (error) => errors.push(error.code));
    await source.start();
    await clock.advance(75_000);
    expect(errors).to.deep.equal(['ice_config_unavailable']);
    expect(username(source.rtcConfiguration), 'still valid for 25 s').to.equal('first');
    expect(
      clock.timers.map((t) => t.at - clock.now),
      'a retry at a quarter of what is left',
    ).to.deep.equal([6_250]);

    for (let i = 0; i < 6 && source.info?.source === 'url'; i++) await clock.advance(Math.max(...clock.timers.map((t) => t.at - clock.now)));
    await clock.advance(25_000);
    expect(source.info?.source).to.equal('inline');
    expect(source.rtcConfiguration.iceServers).to.deep.equal([{ urls: 'stun:fallback.example.org' }]);
  });

  it('stops refreshing once disposed', async () => {
    const clock = new Scripted();
    clock.answers = [issued('first')];
    const source = new IceConfigSource(clock.options());
    await source.start();
    source.dispose();
    expect(clock.timers).to.have.length(0);
    await source.freshen();
    expect(clock.requests).to.have.length(1);
  });
});
