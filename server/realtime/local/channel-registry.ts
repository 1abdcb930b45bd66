// Who is subscribed to what, and who is present where. Pure state: it never sends a frame on
// its own, it tells the caller what changed (a user's first connection joined, their last one
// left) so the protocol layer can announce it. A channel exists while it has a subscriber.

/** What the registry needs of a connection: its id and a way to hand it a frame. */
export type Subscriber = { readonly socketId: string; deliver(frame: string): void };

export type PresenceMember = { userId: string; userInfo: unknown };

type Subscription = { subscriber: Subscriber; member?: PresenceMember };
type PresenceEntry = { userInfo: unknown; socketIds: Set<string> };
type ChannelState = { subscriptions: Map<string, Subscription>; members: Map<string, PresenceEntry> };

export type PresenceSnapshot = { ids: string[]; hash: Record<string, unknown>; count: number };
export type ChannelInfo = { occupied: boolean; subscriptionCount: number; userCount: number };

export class ChannelRegistry {
  private readonly channels = new Map<string, ChannelState>();

  isSubscribed(channel: string, socketId: string): boolean {
    return this.channels.get(channel)?.subscriptions.has(socketId) ?? false;
  }

  /** Adds a subscription; `isNewMember` is true when this is the user's first connection here. */
  subscribe(channel: string, subscriber: Subscriber, member?: PresenceMember): { isNewMember: boolean } {
    const state = this.channels.get(channel) ?? { subscriptions: new Map(), members: new Map() };
    this.channels.set(channel, state);
    state.subscriptions.set(subscriber.socketId, { subscriber, member });
    if (!member) return { isNewMember: false };
    const entry = state.members.get(member.userId);
    if (entry) {
      entry.socketIds.add(subscriber.socketId);
      return { isNewMember: false };
    }
    state.members.set(member.userId, { userInfo: member.userInfo, socketIds: new Set([subscriber.socketId]) });
    return { isNewMember: true };
  }

  /** Removes a subscription; `departedUserId` is set when the user's last connection left. */
  unsubscribe(channel: string, socketId: string): { departedUserId?: string } {
    const state = this.channels.get(channel);
    const subscription = state?.subscriptions.get(socketId);
    if (!state || !subscription) return {};
    state.subscriptions.delete(socketId);
    if (state.subscriptions.size === 0) this.channels.delete(channel);
    const userId = subscription.member?.userId;
    const entry = userId === undefined ? undefined : state.members.get(userId);
    if (userId === undefined || !entry) return {};
    entry.socketIds.delete(socketId);
    if (entry.socketIds.size > 0) return {};
    state.members.delete(userId);
    return { departedUserId: userId };
  }

  /** Hands `frame` to every subscriber of `channel` but `exceptSocketId`; returns how many. */
  publish(channel: string, frame: string, exceptSocketId?: string): number {
    const state = this.channels.get(channel);
    if (!state) return 0;
    let delivered = 0;
    for (const [socketId, { subscriber }] of state.subscriptions) {
      if (socketId === exceptSocketId) continue;
      subscriber.deliver(frame);
      delivered += 1;
    }
    return delivered;
  }

  presence(channel: string): PresenceSnapshot {
    const members = this.channels.get(channel)?.members ?? new Map<string, PresenceEntry>();
    const hash: Record<string, unknown> = {};
    for (const [userId, entry] of members) hash[userId] = entry.userInfo ?? null;
    return { ids: [...members.keys()], hash, count: members.size };
  }

  hasMember(channel: string, userId: string): boolean {
    return this.channels.get(channel)?.members.has(userId) ?? false;
  }

  info(channel: string): ChannelInfo {
    const state = this.channels.get(channel);
    return {
      occupied: state !== undefined,
      subscriptionCount: state?.subscriptions.size ?? 0,
      userCount: state?.members.size ?? 0,
    };
  }

  /** Occupied channel names, optionally only those starting with `prefix`. */
  list(prefix = ""): string[] {
    return [...this.channels.keys()].filter((name) => name.startsWith(prefix));
  }

  stats(): { channels: number; subscriptions: number } {
    let subscriptions = 0;
    for (const state of this.channels.values()) subscriptions += state.subscriptions.size;
    return { channels: this.channels.size, subscriptions };
  }
}
