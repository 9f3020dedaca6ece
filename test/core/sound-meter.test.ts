import { expect } from '@open-wc/testing';
import { levelDb, SILENCE_DB, SoundMeter } from '../../src/media/sound-meter.js';
import { waitFor } from '../helpers/test-env.js';
import { VirtualDevices } from '../helpers/virtual-devices.js';

const samples = (...values: number[]) => Float32Array.from(values);
const sine = (amplitude: number, length = 2048) => Float32Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * i) / 48));

describe('levelDb', () => {
  it('is the loudest sample in dBFS, whatever its sign', () => {
    expect(levelDb(samples(1))).to.equal(0);
    expect(levelDb(samples(0.1, -1, 0.2))).to.equal(0);
    expect(levelDb(samples(0.1))).to.be.closeTo(-20, 1e-6);
    expect(levelDb(samples(-0.5, 0.25))).to.be.closeTo(-6.02, 0.01);
    expect(levelDb(sine(0.25))).to.be.closeTo(-12.04, 0.01);
  });

  it('floors silence and near-silence at SILENCE_DB', () => {
    expect(SILENCE_DB).to.equal(-100);
    expect(levelDb(samples())).to.equal(SILENCE_DB);
    expect(levelDb(new Float32Array(2048))).to.equal(SILENCE_DB);
    expect(levelDb(samples(1e-6, -1e-7))).to.equal(SILENCE_DB);
    expect(levelDb(samples(1e-5))).to.be.closeTo(-100, 1e-6);
  });

  it('reads above 0 dB for samples past full scale, and skips NaN', () => {
    expect(levelDb(samples(2))).to.be.closeTo(6.02, 0.01);
    expect(levelDb(samples(NaN, 0.5))).to.be.closeTo(-6.02, 0.01);
    expect(levelDb(samples(NaN))).to.equal(SILENCE_DB);
  });
});

describe('SoundMeter', () => {
  let devices: VirtualDevices;
  beforeEach(() => (devices = new VirtualDevices()));
  afterEach(() => devices.dispose());

  async function meterFor(silent: boolean): Promise<{ meter: SoundMeter; stream: MediaStream }> {
    devices.addMicrophone(silent ? 'Silent' : 'Tone', silent);
    const stream = await devices.getUserMedia({ audio: true });
    return { meter: new SoundMeter(stream, { intervalMs: 20 }), stream };
  }

  it('reads a tone at half scale as about -6 dBFS and tracks its peak', async () => {
    const { meter, stream } = await meterFor(false);
    const readings: Array<[number, number]> = [];
    meter.on('level', (level, peak) => readings.push([level, peak]));
    await waitFor(() => meter.peakDb > -10, `the tone on the meter (peak ${meter.peakDb})`, 5000);
    expect(meter.running).to.equal(true);
    expect(meter.peakDb).to.be.closeTo(-6.02, 0.5);
    expect(meter.level).to.be.closeTo(-6.02, 0.5);
    expect(readings.length).to.equal(meter.samples);
    expect(readings.every(([level, peak], i) => peak >= level && (i === 0 || peak >= readings[i - 1]![1]))).to.equal(true);
    meter.dispose();
    // The stream belongs to whoever opened it: the meter leaves its tracks alone.
    expect(stream.getAudioTracks()[0]!.readyState).to.equal('live');
  });

  it('reads digital silence as SILENCE_DB', async () => {
    const { meter } = await meterFor(true);
    await waitFor(() => meter.samples >= 5, 'five readings', 5000);
    expect(meter.peakDb).to.equal(SILENCE_DB);
    meter.dispose();
  });

  it('stops reading and closes its AudioContext on dispose, once', async () => {
    const { meter } = await meterFor(false);
    await waitFor(() => meter.samples > 0, 'a reading', 5000);
    let after = 0;
    meter.on('level', () => after++);
    meter.dispose();
    meter.dispose();
    await waitFor(() => !meter.running, 'the AudioContext to close', 2000);
    const samples = meter.samples;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(meter.samples).to.equal(samples);
    expect(after).to.equal(0);
  });
});
