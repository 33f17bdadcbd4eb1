/**
 * The grpcurl command of a request that is not saved as it is (a new or edited tab), built in the
 * page with the same converter the host uses for files (shared/collections/grpcurl.ts): defaults
 * and the environment's vars applied, secrets as `"$WORKBENCH_SECRET_NAME"`, never their values.
 */
import type { SchemaSourceSetting } from '../../../shared/collections/collection';
import { exportGrpcurl } from '../../../shared/collections/grpcurl';
import type { GrpcRequest } from '../../../shared/collections/request';
import { effectiveDraft, type DraftScope } from '../environments/draft-variables';
import type { Checked } from '../ui/checked';
import { toErrorInfo } from '../ui/error-info';

export function draftToGrpcurl(
  draft: GrpcRequest,
  scope: DraftScope,
  schema?: readonly SchemaSourceSetting[],
): Checked<string> {
  if (draft.method === '') {
    return {
      ok: false,
      error: {
        kind: 'bad_input',
        message: 'The request has no method yet.',
        hint: 'Pick a method in the service tree.',
      },
    };
  }
  try {
    const command = exportGrpcurl({
      request: effectiveDraft(draft, scope),
      ...(schema === undefined ? {} : { schema }),
      scope: { vars: scope.vars },
      file: draft.name || 'the request',
    });
    return { ok: true, value: command };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}
