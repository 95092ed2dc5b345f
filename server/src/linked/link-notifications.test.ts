// The in-process notification hub: delivery to every listener of a channel and no other, the
// per-link bound, and nothing left behind once the listeners are gone.
import { describe, expect, it } from 'vitest';
import {
  InProcessLinkNotifications,
  LinkListenerLimitError,
  MAX_LISTENERS_PER_LINK,
  type LinkEvent,
} from './link-notifications.js';

const event = (seq: number): LinkEvent => ({ seq, progress: { state: 'EXPIRED' } });

describe('InProcessLinkNotifications', () => {
  it('delivers an event to every listener of its channel and to no other', async () => {
    const hub = new InProcessLinkNotifications();
    const a: number[] = [];
    const b: number[] = [];
    const other: number[] = [];
    await hub.subscribe('one', (e) => a.push(e.seq));
    await hub.subscribe('one', (e) => b.push(e.seq));
    await hub.subscribe('two', (e) => other.push(e.seq));
    await hub.publish('one', event(1));
    await hub.publish('one', event(2));
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([1, 2]);
    expect(other).toEqual([]);
  });

  it('counts the same function subscribed twice as two listeners, each removed on its own', async () => {
    const hub = new InProcessLinkNotifications();
    const seen: number[] = [];
    const listener = (e: LinkEvent) => seen.push(e.seq);
    const first = await hub.subscribe('one', listener);
    await hub.subscribe('one', listener);
    await hub.publish('one', event(1));
    first();
    first();
    await hub.publish('one', event(2));
    expect(seen).toEqual([1, 1, 2]);
    expect(hub.size()).toEqual({ channels: 1, listeners: 1 });
  });

  it(`refuses a listener past ${MAX_LISTENERS_PER_LINK} per channel, and takes one again once one has gone`, async () => {
    const hub = new InProcessLinkNotifications();
    const removals = await Promise.all(
      Array.from({ length: MAX_LISTENERS_PER_LINK }, () => hub.subscribe('one', () => undefined)),
    );
    await expect(hub.subscribe('one', () => undefined)).rejects.toBeInstanceOf(LinkListenerLimitError);
    // Other channels are not affected.
    await hub.subscribe('two', () => undefined);
    removals[0]!();
    await expect(hub.subscribe('one', () => undefined)).resolves.toBeTypeOf('function');
  });

  it('forgets a channel with its last listener: nothing grows as browsers come and go', async () => {
    const hub = new InProcessLinkNotifications();
    for (let i = 0; i < 1000; i++) {
      const remove = await hub.subscribe(`link-${i}`, () => undefined);
      await hub.publish(`link-${i}`, event(i));
      remove();
    }
    expect(hub.size()).toEqual({ channels: 0, listeners: 0 });
  });

  it('lets a listener unsubscribe while it is being told, without skipping the others', async () => {
    const hub = new InProcessLinkNotifications();
    const seen: string[] = [];
    const removeFirst = await hub.subscribe('one', () => {
      seen.push('first');
      removeFirst();
    });
    await hub.subscribe('one', () => seen.push('second'));
    await hub.publish('one', event(1));
    await hub.publish('one', event(2));
    expect(seen).toEqual(['first', 'second', 'second']);
  });

  it('drops every listener on close', async () => {
    const hub = new InProcessLinkNotifications();
    await hub.subscribe('one', () => undefined);
    await hub.close();
    expect(hub.size()).toEqual({ channels: 0, listeners: 0 });
  });
});
