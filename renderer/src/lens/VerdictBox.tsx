import type { BurstReport } from '../../../shared/api';
import { nameSettings } from '../../../shared/settings';

const titles = { pinned: 'Pinned', balanced: 'Balanced', skewed: 'Skewed', failing: 'Failing' } as const;

/** The verdict — what happened, why, and the fix — sized to be screenshotted into an incident channel. */
export function VerdictBox({ report, running }: { report: BurstReport | undefined; running: boolean }) {
  return (
    <section
      className={`lens-verdict${report ? ` lens-verdict--${report.verdict.kind}` : ''}`}
      aria-label="Verdict"
      aria-live="polite"
    >
      {report === undefined ? (
        <p className="lens-empty">The verdict appears here.</p>
      ) : (
        <>
          <div className="lens-verdict__kind">
            {titles[report.verdict.kind]}
            {running ? <span className="lens-verdict__provisional"> (so far)</span> : null}
          </div>
          <p className="lens-verdict__text">{nameSettings(report.verdict.text, 'ui')}</p>
        </>
      )}
    </section>
  );
}
