import t from 'tap';
import { WatchHub } from '../../src/store/watch-hub.js';
import type { StoreEvent } from '../../src/store/index.js';

const ev = (revision: number, key = `/k/${revision}`): StoreEvent => ({ type: 'create', key, value: 'v', revision, createRevision: revision });

t.test('publish fans out by prefix; empty batches are not delivered', async (t) => {
  const hub = new WatchHub();
  const got: Record<string, number[]> = { all: [], a: [] };
  hub.subscribe('', { onEvents: (es) => got.all.push(...es.map((e) => e.revision)) });
  hub.subscribe('/a/', { onEvents: (es) => got.a.push(...es.map((e) => e.revision)) });
  hub.publish([]);
  hub.publish([ev(1, '/a/x'), ev(2, '/b/x'), ev(3, '/a/y')]);
  t.strictSame(got, { all: [1, 2, 3], a: [1, 3] });
  t.equal(hub.size, 2);
});

t.test('closeAll tells every watcher and stops delivery', async (t) => {
  const hub = new WatchHub();
  const errors: string[] = [];
  let events = 0;
  for (const name of ['w1', 'w2']) hub.subscribe('', { onEvents: () => events++, onError: (e) => errors.push(`${name}: ${e.message}`) });
  hub.closeAll(new Error('store closed'));
  hub.publish([ev(1)]);
  t.strictSame(errors, ['w1: store closed', 'w2: store closed']);
  t.equal(events, 0);
  t.equal(hub.size, 0);
});

t.test('a non-Error throw reaches onError as an Error', async (t) => {
  const hub = new WatchHub();
  const errors: Error[] = [];
  hub.subscribe('', {
    onEvents: () => {
      throw 'plain string'; // eslint-disable-line no-throw-literal
    },
    onError: (e) => errors.push(e),
  });
  hub.publish([ev(1)]);
  t.equal(errors.length, 1);
  t.ok(errors[0] instanceof Error);
  t.equal(errors[0].message, 'plain string');
  t.equal(hub.size, 0);
});

t.test('replayAndSubscribe delivers each revision once across pages and held live events', async (t) => {
  const hub = new WatchHub();
  const stored = [ev(1), ev(2), ev(3)];
  const got: number[][] = [];
  hub.replayAndSubscribe('', 1, { onEvents: (es) => got.push(es.map((e) => e.revision)) }, (after) => {
    const page = stored.filter((e) => e.revision > after).slice(0, 1);
    if (after === 2) {
      // A write lands (stored and published) while the replay is under way.
      stored.push(ev(4));
      hub.publish([ev(4)]);
    }
    return page;
  });
  hub.publish([ev(4)]); // a duplicate publish is dropped
  hub.publish([ev(5)]);
  t.strictSame(got, [[2], [3], [4], [5]]);
});
