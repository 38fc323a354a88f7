// The server's look at unreadable data files (src/server/data-poll.ts), with a stamp the test
// controls: a document is handed back only when what is at one of its paths changed, once.
import * as assert from 'node:assert/strict';
import { UnreadDataPoll } from '../../src/server/data-poll';

describe('UnreadDataPoll: unreadable data files looked at again', () => {
  const disk = new Map<string, string>();
  const stamp = (uri: string, path: string): string | undefined => disk.get(`${uri}|${path}`) ?? 'missing';
  let changed: string[];
  let poll: UnreadDataPoll;

  beforeEach(() => {
    disk.clear();
    changed = [];
    poll = new UnreadDataPoll(stamp, (uri) => changed.push(uri), 60_000);
  });
  afterEach(() => poll.stop());

  it('hands back a document once one of its paths changes, and not again until it is set again', () => {
    poll.set('file:///a.nnet', ['x.csv', 'y.csv']);
    poll.set('file:///b.nnet', ['z.csv']);
    poll.look();
    assert.deepEqual(changed, [], 'nothing changed');
    disk.set('file:///a.nnet|y.csv', '1:12:5');
    poll.look();
    poll.look();
    assert.deepEqual(changed, ['file:///a.nnet']);
    disk.set('file:///b.nnet|z.csv', '1:3:9');
    poll.look();
    assert.deepEqual(changed, ['file:///a.nnet', 'file:///b.nnet']);
  });

  it('does not hand back a file that stays unreadable as it was (no re-check loop)', () => {
    disk.set('file:///a.nnet|locked.csv', 'mode 000');
    poll.set('file:///a.nnet', ['locked.csv']);
    for (let i = 0; i < 5; i++) poll.look();
    assert.deepEqual(changed, []);
  });

  it('forgets a document whose check read everything, or that closed', () => {
    poll.set('file:///a.nnet', ['x.csv']);
    poll.set('file:///a.nnet', []);
    poll.set('file:///b.nnet', ['x.csv']);
    poll.forget('file:///b.nnet');
    disk.set('file:///a.nnet|x.csv', 'here');
    disk.set('file:///b.nnet|x.csv', 'here');
    poll.look();
    assert.deepEqual(changed, []);
  });

  it('looks at nothing on a platform without stamps (the browser)', () => {
    const none = new UnreadDataPoll(undefined, (uri) => changed.push(uri), 60_000);
    none.set('file:///a.nnet', ['x.csv']);
    disk.set('file:///a.nnet|x.csv', 'here');
    none.look();
    assert.deepEqual(changed, []);
  });
});
