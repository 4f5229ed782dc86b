/** A page's one `<h1>`, focused when the page opens so screen readers start there. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useDocumentTitle } from '../app/use-document-title.ts';

/** Pages shown so far in this visit: the first keeps the browser's own focus. */
let pagesShown = 0;

export function PageHeading({
  title,
  children,
}: {
  title: string;
  /** A short line under the heading. */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    // After an in-app navigation, start reading at the new page's heading.
    if (pagesShown++ > 0) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page-heading">
      <h1 ref={ref} tabIndex={-1}>
        {title}
      </h1>
      {children ? <p className="lead">{children}</p> : null}
    </div>
  );
}
