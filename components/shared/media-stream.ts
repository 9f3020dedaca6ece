import { noChange } from 'lit';
import { Directive, directive, PartType, type DirectiveParameters, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Plays a stream in a `<video>` or `<audio>`: `<video ${mediaStream(stream)}>`. Lit re-commits
 * an object bound with `.srcObject=${stream}` on every render, and setting `srcObject`, even to
 * the stream it already plays, runs the media element's load algorithm: the element starts over
 * and its decoder waits for the next keyframe. So the stream is assigned only when it changes,
 * and a render that changes a badge leaves the media element alone.
 */
class MediaStreamDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('mediaStream() belongs on a <video> or <audio> element, not in an attribute.');
  }

  render(_stream: MediaStream | null) {
    return noChange;
  }

  override update(part: ElementPart, [stream]: DirectiveParameters<this>) {
    const media = part.element as HTMLMediaElement;
    if (media.srcObject !== stream) media.srcObject = stream;
    return noChange;
  }
}

export const mediaStream = directive(MediaStreamDirective);
