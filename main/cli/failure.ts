import type { WorkbenchErrorData } from '../../shared/api';
import { WorkbenchError } from '../../shared/api';
import { hintNamingSetting, nameSettings, settingName } from '../../shared/settings';
import { usageHint } from './usage';

/**
 * A WorkbenchError as `Error: message` and `Hint: …` lines — short, and never a stack trace. A
 * hint naming a setting names it by its flag (shared/settings.ts).
 */
export function formatErrorInfo(info: WorkbenchErrorData): string {
  const named = info.hint === undefined ? undefined : nameSettings(info.hint, 'cli');
  const hint = hintNamingSetting(named, info.setting, 'cli');
  return `Error: ${info.message}\n${hint === undefined ? '' : `Hint: ${hint}\n`}`;
}

/**
 * Anything thrown; what is not a WorkbenchError is reported as our bug (kind `internal`). A value
 * the operation table refused (e.g. `-c` above its bound) is a usage error naming the flag.
 */
export function formatFailure(error: unknown): string {
  const failure = WorkbenchError.from(error);
  const flag = failure.kind === 'bad_input' ? settingName(failure.setting, 'cli') : undefined;
  if (flag === undefined || failure.subject === undefined) return formatErrorInfo(failure);
  // badInputFromZod words it "Invalid parameters for OP: FIELD: REASON; …".
  const reasonAt = failure.message.indexOf(`${failure.subject}: `);
  const reason = reasonAt < 0 ? failure.message : failure.message.slice(reasonAt + failure.subject.length + 2);
  return `${flag}: ${reason.split('; ')[0]}\n${usageHint()}\n`;
}
