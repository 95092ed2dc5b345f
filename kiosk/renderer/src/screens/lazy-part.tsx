// A part of a screen whose code arrives in its own chunk, loaded when first shown (or earlier, by
// preload()): the first screen does not wait for the biometric stack or the QR encoder. Until the
// code is there the part shows a spinner; if it cannot be fetched, an alert with the way on.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../app-context.js';
import { Spinner } from './parts.js';

export interface LazyPart<P> {
  (props: P): preact.JSX.Element;
  /** Starts loading the part's code now; resolves when it is there. */
  preload(): Promise<unknown>;
}

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (part) => (loaded = part),
      (error: unknown) => {
        // A later showing tries again (the network may be back).
        loading = undefined;
        throw error;
      },
    ));
  function Part(props: P) {
    const { t } = useApp();
    const [state, setState] = useState<'loading' | 'failed' | 'ready'>(loaded ? 'ready' : 'loading');
    useEffect(() => {
      if (state !== 'loading') return;
      let live = true;
      preload().then(
        () => live && setState('ready'),
        () => live && setState('failed'),
      );
      return () => {
        live = false;
      };
    }, [state]);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (state === 'failed')
      return (
        <div class="alert" role="alert">
          <p>{t('error.network_error')}</p>
          <button type="button" class="btn btn-secondary" onClick={() => setState('loading')}>
            {t('action.tryAgain')}
          </button>
        </div>
      );
    return <Spinner text={t('loading.part')} />;
  }
  return Object.assign(Part, { preload });
}
