import { css, html, nothing } from 'lit';
import { styleProperties } from '../styles/style-properties.js';

// The live microphone level of <sound-check> and of the pre-join screen: one bar, one scale.

/** The meter shows -60..0 dBFS: quieter than -60 dB is not speech a call could use. */
export const METER_FLOOR_DB = -60;

/** A level clamped to the meter's range, and where it sits on the bar. */
export const onMeter = (db: number) => Math.min(0, Math.max(METER_FLOOR_DB, db));
const meterPercent = (db: number) => `${((db - METER_FLOOR_DB) / -METER_FLOOR_DB) * 100}%`;

/**
 * A `role="meter"` bar of `levelDb` (part `part`), read out as `valueText`; with `thresholdDb`,
 * a line where the bar is loud enough.
 */
export function renderLevelMeter(part: string, label: string, levelDb: number, valueText: string, thresholdDb?: number) {
  const shown = onMeter(levelDb);
  return html`<div
    class="meter"
    part=${part}
    role="meter"
    aria-label=${label}
    aria-valuemin=${METER_FLOOR_DB}
    aria-valuemax="0"
    aria-valuenow=${Math.round(shown)}
    aria-valuetext=${valueText}
  >
    <div class="fill" style=${styleProperties({ width: meterPercent(shown) })}></div>
    ${thresholdDb === undefined ? nothing : html`<div class="mark" style=${styleProperties({ 'inset-inline-start': meterPercent(onMeter(thresholdDb)) })}></div>`}
  </div>`;
}

/** The bar's styles; `--_meter` is its colour (the accent by default). */
export const levelMeterStyles = css`
  .meter {
    position: relative;
    height: 12px;
    border-radius: 999px;
    background: var(--_surface);
    overflow: hidden;
  }
  .fill {
    height: 100%;
    background: var(--_meter, var(--_accent));
  }
  /* The threshold: a bar that reaches past this line is loud enough. */
  .mark {
    position: absolute;
    top: 0;
    bottom: 0;
    width: 2px;
    background: var(--_text);
  }
`;
