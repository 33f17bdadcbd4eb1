import { describe, expect, it } from 'vitest';
import { hintNamingSetting, nameSettings, settingName } from './settings';

describe('settings', () => {
  it('names a setting by its CLI flag or its UI label', () => {
    expect(settingName('maxReceiveMessageBytes', 'cli')).toBe('-max-msg-sz');
    expect(settingName('maxReceiveMessageBytes', 'ui')).toBe('Max receive size');
    expect(settingName('keepaliveTimeMs', 'ui')).toBe('Keepalive');
    expect(settingName('maxSendMessageBytes', 'cli')).toBeUndefined();
    expect(settingName('nope', 'cli')).toBeUndefined();
  });

  it('renders {{id}} markers per front end and leaves unknown ones visible', () => {
    const text = 'Name backends by a header ({{backendKey}}) and list them ({{knownBackends}}); {{nope}}.';
    expect(nameSettings(text, 'cli')).toBe(
      'Name backends by a header (--backend-key) and list them (--backends); {{nope}}.',
    );
    expect(nameSettings(text, 'ui')).toBe(
      'Name backends by a header (“Backend key”) and list them (“Known backends”); {{nope}}.',
    );
  });

  it('adds the setting a hint is about before its final period', () => {
    expect(hintNamingSetting('Raise the receive limit.', 'maxReceiveMessageBytes', 'cli')).toBe(
      'Raise the receive limit (-max-msg-sz).',
    );
    expect(hintNamingSetting('Raise the receive limit.', 'maxReceiveMessageBytes', 'ui')).toBe(
      'Raise the receive limit (“Max receive size”).',
    );
    expect(hintNamingSetting('No setting.', undefined, 'cli')).toBe('No setting.');
  });
});
