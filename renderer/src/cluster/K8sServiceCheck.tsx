import { useEffect, useMemo } from 'react';
import { formatK8sTarget, isK8sTarget, parseK8sTarget, type K8sTarget } from '../../../shared/k8s/target';
import { useWorkbench } from '../app/WorkbenchContext';
import { ServiceCheckFindings } from './ServiceCheckFindings';

/**
 * Beside the hit map: when the lens's target is `k8s://…`, what the Service does to gRPC traffic
 * (the `checkService` verdicts), checked once per target; nothing for any other target.
 */
export function K8sServiceCheck({ target }: { target: string }) {
  const parsed = useMemo((): K8sTarget | undefined => {
    if (!isK8sTarget(target)) return undefined;
    try {
      return parseK8sTarget(target);
    } catch {
      return undefined; // the connection bar says what is wrong with the target
    }
  }, [target]);
  const key = parsed === undefined ? undefined : formatK8sTarget(parsed);
  const check = useWorkbench((state) => (key === undefined ? undefined : state.cluster.checks[key]));
  const checkK8sTarget = useWorkbench((state) => state.checkK8sTarget);
  const needsCheck = parsed !== undefined && check === undefined;
  useEffect(() => {
    if (needsCheck) void checkK8sTarget(parsed);
  }, [needsCheck, parsed, checkK8sTarget]);
  if (parsed === undefined || check === undefined) return null;
  return (
    <div className="k8s-service-check">
      <ServiceCheckFindings check={check} label="Service check" />
      <button type="button" onClick={() => void checkK8sTarget(parsed)} disabled={check.status === 'loading'}>
        Check again
      </button>
    </div>
  );
}
