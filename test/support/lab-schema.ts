import { createRegistry } from '@bufbuild/protobuf';
import { file_user_v1_user, UserService } from '../../proto-samples/gen/user/v1/user_pb';
import { WorkbenchError } from '../../shared/api';
import type { BurstSchema } from '../../main/engine/burst/run-burst';

/** The lab's UserService as a burst schema, straight from the generated descriptors (tests and bench). */
export function labSchema(): BurstSchema {
  const methods = new Map(UserService.methods.map((method) => [`${UserService.typeName}/${method.name}`, method]));
  return {
    registry: createRegistry(file_user_v1_user),
    findMethod(name) {
      const method = methods.get(name.replace(/^\//, '').replace(/\.(\w+)$/, '/$1'));
      if (method === undefined)
        throw new WorkbenchError('unknown_method', `No method ${name} in the lab schema.`, { subject: name });
      return method;
    },
  };
}
