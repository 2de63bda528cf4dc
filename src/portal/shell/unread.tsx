import { useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { useApi } from '@portal/hooks';

/**
 * The header's link to « Notifications » with the unread count (notifications plugin),
 * read again on each page change and when a page marks something read.
 */
export function UnreadLink() {
  const location = useLocation();
  const unread = useApi<{ unread: number }>('/notifications/inbox/unread');
  const { reload } = unread;
  // Read again when the page changes (not at mount: the first read is under way).
  const readOn = useRef(location.pathname);
  useEffect(() => {
    if (readOn.current === location.pathname) return;
    readOn.current = location.pathname;
    reload();
  }, [location.pathname, reload]);
  useEffect(() => {
    window.addEventListener('notifications:changed', reload);
    return () => window.removeEventListener('notifications:changed', reload);
  }, [reload]);
  const count = unread.data?.unread ?? 0;
  return (
    <NavLink to="/notifications" className="unread-link">
      Notifications
      {/* A space a screen reader hears (« Notifications 2 non lues »): the link is laid out
          inline, not as flex items, so that this space is rendered. */}
      {count ? ' ' : null}
      {count ? (
        <span className="unread-count">
          {count > 99 ? '99+' : count}
          <span className="visually-hidden"> non lue{count > 1 ? 's' : ''}</span>
        </span>
      ) : null}
    </NavLink>
  );
}
