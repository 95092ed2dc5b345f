// Who waits on which link (server-sent events, long polls) and the news they wait for: a narrow
// publish/subscribe interface, so Redis pub/sub can stand in for the in-process hub when several
// server processes share a flow. The news itself is kept in the transaction store (link-state.ts);
// a message only says that it changed.
import type { LinkProgress } from '@signet-kiosk/shared/esignet';

/** One change of a link's progress; `seq` grows with each, so a listener can skip what it already sent. */
export interface LinkEvent {
  seq: number;
  progress: LinkProgress;
}

export type LinkListener = (event: LinkEvent) => void;

/** At most this many listeners per link: a resident's browser needs one or two (a tab, a retry). */
export const MAX_LISTENERS_PER_LINK = 4;

/** Thrown by subscribe past MAX_LISTENERS_PER_LINK. */
export class LinkListenerLimitError extends Error {
  readonly code = 'ERR_LINK_LISTENER_LIMIT';
}

export interface LinkNotifications {
  /** Delivers the event to every listener of `channel` (in every process, for a shared implementation). */
  publish(channel: string, event: LinkEvent): Promise<void>;
  /**
   * Adds a listener; resolves to its removal (idempotent). Throws LinkListenerLimitError when the
   * channel already has MAX_LISTENERS_PER_LINK.
   */
  subscribe(channel: string, listener: LinkListener): Promise<() => void>;
  /** Channels with listeners and listeners in all: what a leak would grow. */
  size(): { channels: number; listeners: number };
  close(): Promise<void>;
}

/**
 * The embedded default: listeners in a map of sets, a channel removed with its last listener.
 * @example const stop = await hub.subscribe(channel, (e) => res.write(`data: ${JSON.stringify(e.progress)}\n\n`));
 */
export class InProcessLinkNotifications implements LinkNotifications {
  private readonly channels = new Map<string, Set<LinkListener>>();

  async publish(channel: string, event: LinkEvent): Promise<void> {
    // A copy: a listener may unsubscribe (and so change the set) while being told.
    for (const listener of [...(this.channels.get(channel) ?? [])]) listener(event);
  }

  async subscribe(channel: string, listener: LinkListener): Promise<() => void> {
    let listeners = this.channels.get(channel);
    if (!listeners) this.channels.set(channel, (listeners = new Set()));
    if (listeners.size >= MAX_LISTENERS_PER_LINK)
      throw new LinkListenerLimitError(`at most ${MAX_LISTENERS_PER_LINK} listeners per link`);
    // Each subscription its own entry, even for the same function.
    const entry: LinkListener = (event) => listener(event);
    listeners.add(entry);
    return () => {
      const set = this.channels.get(channel);
      if (!set?.delete(entry)) return;
      if (set.size === 0) this.channels.delete(channel);
    };
  }

  size(): { channels: number; listeners: number } {
    let listeners = 0;
    for (const set of this.channels.values()) listeners += set.size;
    return { channels: this.channels.size, listeners };
  }

  async close(): Promise<void> {
    this.channels.clear();
  }
}
