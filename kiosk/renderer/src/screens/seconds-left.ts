// A countdown in whole seconds to a moment (ms since the epoch), ticking once a second: the OTP
// resend wait and a busy biometric device's retry wait.
import { useEffect, useState } from 'preact/hooks';

export function useSecondsLeft(until: number | undefined): number {
  const left = () => (until === undefined ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [tick, setTick] = useState(() => ({ until, seconds: left() }));
  useEffect(() => {
    setTick({ until, seconds: left() });
    if (until === undefined) return;
    const timer = window.setInterval(() => {
      const s = left();
      setTick({ until, seconds: s });
      if (s <= 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  // A new moment counts from the first render that has it: the effect runs only after the screen is
  // drawn, and till then the last moment's count (0 before a code was sent) would show the resend
  // button open and no countdown.
  return tick.until === until ? tick.seconds : left();
}
