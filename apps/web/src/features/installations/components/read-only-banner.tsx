// Says so on every page when the installation shown is a read-only bucket copy, and how fresh it is.

import { formatAge } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { useShownInstallation } from '../api/use-shown-installation';

export function ReadOnlyBanner() {
  const shown = useShownInstallation();
  const now = useNow(5000);
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
