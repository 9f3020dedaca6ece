// Lifeline in a Vue 3 app: a panel with a <voice-call> that shows the call's state. Vue's full
// build (vue.esm-browser.prod.js, or a bundler's) compiles the template. What custom elements need
// from Vue is all here: its compiler is told which tags are not Vue components
// (`isCustomElement`), objects are bound as properties (`.iceConfig`, Vue's shorthand for
// `:iceConfig.prop`), and events are plain DOM events (`@lifeline-state-change`).
// test/components/vue-usage.test.ts mounts it with Vue's browser build.
import type { App } from 'vue';
// In an app: from 'lifeline/elements'; and `import 'lifeline/define'` once to register the tags.
import type { CallState, IceConfig, LifelineStateChangeEvent, MediaDevicesLike } from '../../components/index.js';

/** Every tag Lifeline registers (`lifeline/define`). */
export const LIFELINE_TAGS = ['video-call', 'voice-call', 'sound-check', 'ice-probe'];

/** Leaves Lifeline's tags to the browser instead of looking for Vue components of those names. */
export function useLifelineElements(app: App): App {
  app.config.compilerOptions.isCustomElement = (tag) => LIFELINE_TAGS.includes(tag);
  return app;
}

/**
 * The panel. Props reach the element unchanged (Vue keeps props shallow): an object made
 * reactive with `reactive()` or kept in `data()` would reach it as a Proxy instead.
 */
export const VoiceCallPanel = {
  props: {
    room: { type: String, required: true },
    signalingUrl: { type: String, default: '' },
    iceConfig: { type: Object as () => IceConfig | null, default: null },
    mediaDevices: { type: Object as () => MediaDevicesLike | null, default: null },
  },
  emits: ['state'],
  data: () => ({ state: 'idle' as CallState }),
  methods: {
    onStateChange(this: { state: CallState; $emit: (name: 'state', state: CallState) => void }, event: LifelineStateChangeEvent) {
      this.state = event.detail.state;
      this.$emit('state', event.detail.state);
    },
  },
  template: `
    <voice-call
      :room="room"
      :signaling-url="signalingUrl"
      .iceConfig="iceConfig"
      .mediaDevices="mediaDevices"
      auto-join
      @lifeline-state-change="onStateChange"
    ></voice-call>
    <p class="call-state">{{ state }}</p>
  `,
};
