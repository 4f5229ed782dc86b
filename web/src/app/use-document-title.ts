/** Sets the browser tab's title for the current page. */
import { useEffect } from 'react';

/** `title · civicgrid`, or just the product name for an empty title. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · civicgrid` : 'civicgrid';
  }, [title]);
}
