// Vue's browser build ships no types of its own; its API is the `vue` package's.
declare module 'vue/dist/vue.esm-browser.prod.js' {
  export * from 'vue';
}
