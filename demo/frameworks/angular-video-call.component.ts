// Lifeline in an Angular app (standalone component, Angular 17 or later): a <video-call> with a
// room and ICE config from the parent, the call's state kept in a signal, errors logged.
// Documentation only: the tests do not compile or run it, since Angular needs its own compiler
// and CLI, which this repository does not carry; the README's "Use from frameworks" says the same.
import { Component, CUSTOM_ELEMENTS_SCHEMA, ElementRef, input, signal, viewChild } from '@angular/core';
// Registers <video-call> and the other tags, once for the whole app (main.ts is as good a place).
import 'lifeline/define';
import { LifelineErrorEvent, LifelineStateChangeEvent, type CallState, type IceConfig, type VideoCall } from 'lifeline/elements';

@Component({
  selector: 'app-consultation-call',
  standalone: true,
  // Without it Angular's template compiler rejects <video-call> as an unknown element. (In an
  // NgModule app, put it in the module's `schemas`.)
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <video-call
      #call
      [room]="room()"
      [displayName]="displayName()"
      [iceConfig]="iceConfig()"
      signaling-url="https://calls.example.org"
      auto-join
      (lifeline-state-change)="onStateChange($event)"
      (lifeline-error)="onError($event)"
    ></video-call>
    <p>Call: {{ state() }}</p>
    <button type="button" (click)="hangUp()" [disabled]="state() !== 'connected'">End consultation</button>
  `,
})
export class ConsultationCallComponent {
  readonly room = input.required<string>();
  readonly displayName = input('');
  /** Property binding (`[iceConfig]`): an object, which no attribute could carry. */
  readonly iceConfig = input<IceConfig | null>(null);
  readonly state = signal<CallState>('idle');
  private readonly call = viewChild.required<ElementRef<VideoCall>>('call');

  // Angular types `$event` of an element it does not know as a plain Event: the event classes narrow it.
  onStateChange(event: Event): void {
    if (event instanceof LifelineStateChangeEvent) this.state.set(event.detail.state);
  }

  onError(event: Event): void {
    if (event instanceof LifelineErrorEvent) console.warn(`Lifeline: ${event.detail.error.code}`, event.detail.error.message);
  }

  hangUp(): void {
    void this.call().nativeElement.leave();
  }
}
