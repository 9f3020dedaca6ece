import { expect } from '@open-wc/testing';
import { CallError } from '../../src/index.js';
import { toScreenShareError } from '../../src/room/screen-share.js';

// What getDisplayMedia's refusals become: the codes a host's UI acts on (README, error codes).
describe('screen share errors', () => {
  const as = (name: string, message = '') => toScreenShareError(new DOMException(message, name));

  it('calls a refused picker a cancelled share', () => {
    expect(as('NotAllowedError', 'Permission denied')).to.include({ code: 'screen_share_cancelled' });
  });

  it('tells the page’s policy and a missing capability from a cancel', () => {
    expect(as('NotAllowedError', 'Access to the feature "display-capture" is disallowed by permissions policy.')).to.include({
      code: 'screen_share_unsupported',
    });
    expect(as('NotSupportedError')).to.include({ code: 'screen_share_unsupported' });
    expect(toScreenShareError(new TypeError('getDisplayMedia is not a function'))).to.include({ code: 'screen_share_unsupported' });
  });

  it('says the operating system’s refusal, a missing screen and a missing click are failures, keeping the cause', () => {
    const cause = new DOMException('Permission denied by system', 'NotAllowedError');
    const error = toScreenShareError(cause);
    expect(error).to.include({ code: 'screen_share_failed', cause });
    expect(as('NotFoundError')).to.include({ code: 'screen_share_failed' });
    expect(as('InvalidStateError', 'getDisplayMedia requires transient activation from a user gesture.').message).to.contain('user gesture');
  });

  it('passes a CallError through', () => {
    const error = new CallError('not_permitted', 'no');
    expect(toScreenShareError(error)).to.equal(error);
  });
});
