// The kiosk's idle timeout: after a while without a touch, a key or a pointer move, the app goes
// back to a clean start screen so the next resident finds nothing of the last one's.
import { useEffect, useRef } from 'preact/hooks';

const ACTIVITY = ['pointerdown', 'keydown', 'pointermove', 'wheel', 'touchstart'] as const;

export function useIdleTimeout(seconds: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!(seconds > 0)) return;
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), seconds * 1000);
    };
    for (const type of ACTIVITY) window.addEventListener(type, arm, { passive: true });
    arm();
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, arm);
    };
  }, [seconds]);
}
