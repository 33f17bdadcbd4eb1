export { ChannelWatcher, channelSnapshot, WATCH_INTERVAL_MS } from './channel-watcher';
export { readChannelzTree, type ChannelzTree } from './channelz-tree';
export { queryServerChannelz, type ServerChannelzParams } from './server-channelz';
