// Says so on every page when the installation shown is a read-only bucket copy, and how fresh it is.

import { useInstallation } from '../../../app/installation';
import { formatAge } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useInstallations } from '../api/get-installations';

export function ReadOnlyBanner() {
  const { current } = useInstallation();
  const { data } = useInstallations();
  const now = useNow(5000);
  const shown = data?.installations.find((installation) => (current === null ? installation.default : installation.id === current));
  if (shown?.readOnly === undefined) return null;
  const mirror = shown.mirror;
  return (
    <div className="read-only-banner" role="note" aria-label="Read-only installation">
      <strong>{shown.id} is read-only:</strong> {shown.readOnly}.
      {mirror?.cutId !== undefined ? ` Showing SaveAll cut #${mirror.cutId}` : ' No cut has been copied yet'}
      {mirror?.refreshedAt !== undefined ? `, checked ${formatAge(mirror.refreshedAt, now)}.` : '.'}
      {mirror?.lastError !== undefined ? ` Last refresh: ${mirror.lastError}` : ''}
    </div>
  );
}
