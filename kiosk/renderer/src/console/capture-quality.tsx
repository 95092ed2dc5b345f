// The quality the device signed for each segment of a capture, against the score the kiosk asked
// for: shown while the capture is checked with the ID system and on the result, so an operator
// sees a weak scan worth taking again.
import type { SbiCaptureQuality } from '@signet-kiosk/shared/kiosk';
import { useConsole } from './console-context.js';

export function CaptureQuality({ quality }: { quality: readonly SbiCaptureQuality[] | undefined }) {
  const { t } = useConsole();
  if (!quality?.length) return null;
  return (
    <div class="capture-quality" data-capture-quality>
      <p class="capture-quality-title">{t('console.quality.title')}</p>
      <ul>
        {quality.map((q, i) => {
          const text = t('console.quality.item', {
            n: i + 1,
            score: Math.round(q.score),
            requested: Math.round(q.requested),
          });
          return (
            <li key={i} data-score={q.score} data-requested={q.requested}>
              <span>{text}</span>
              <meter min={0} max={100} low={q.requested} optimum={100} value={q.score} aria-label={text} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
