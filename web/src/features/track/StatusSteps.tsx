/** The case's path as numbered steps: done, current (announced as such) and to do. */
import { useTranslation } from 'react-i18next';
import type { Tracking } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { stepViews } from './steps.ts';

export function StatusSteps({ tracking }: { tracking: Tracking }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { steps, paused } = stepViews(tracking);
  return (
    <ol className="status-steps">
      {steps.map((step) => (
        <li
          key={step.status}
          className={`status-step status-step-${step.state}${step.status === 'rejected' ? ' status-step-rejected' : ''}`}
          aria-current={step.state === 'current' ? 'step' : undefined}
        >
          <span className="status-dot" aria-hidden="true" />
          <span className="status-text">
            <span className="status-name">
              {t(`status.${step.status}`)}
              {step.state === 'current' && paused ? (
                <span className="badge badge-status-suspended">{t('status.suspended')}</span>
              ) : null}
              <span className="visually-hidden"> ({t(`track.stepState.${step.state}`)})</span>
            </span>
            {step.at ? <time dateTime={step.at}>{format.dateTime(step.at)}</time> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
