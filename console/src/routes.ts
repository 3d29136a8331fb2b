import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/access`): the page is one file, so the server needs no fallback. A
 * route names a screen and at most a subject's id, never a value of anyone's PD.
 */
export function currentRoute(): string {
  return location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
}

export function go(route: string): void {
  location.hash = `#/${route}`;
}

export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute());
  useEffect(() => {
    const changed = (): void => setRoute(currentRoute());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
